"""Creates N environments through Pave's Proton API and reports how fast the queue deploys them."""
import io, sys, tarfile, time
from concurrent.futures import ThreadPoolExecutor
import boto3
from botocore.config import Config

pave, moto, n, workers = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
proton = boto3.client("proton", endpoint_url=pave, region_name="us-east-1",
                      aws_access_key_id="PAVEBENCHKEY00000001", aws_secret_access_key="bench-secret-access-key-000000000000",
                      config=Config(retries={"max_attempts": 1}))
s3 = boto3.client("s3", endpoint_url=moto, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")

files = {
    "schema/schema.yaml": 'schema:\n  format:\n    openapi: "3.0.0"\n  environment_input_type: "In"\n  types:\n    In:\n      type: object\n'
                          '      properties:\n        size:\n          type: string\n          default: small\n',
    "infrastructure/manifest.yaml": "infrastructure:\n  templates:\n    - rendering_engine: codebuild\n      settings:\n"
                                    "        provision:\n          - echo provisioned\n        deprovision:\n          - echo gone\n",
}
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w:gz") as tar:
    for path, text in files.items():
        data = text.encode()
        info = tarfile.TarInfo(path)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
s3.create_bucket(Bucket="bench")
s3.put_object(Bucket="bench", Key="env.tar.gz", Body=buf.getvalue())
proton.create_environment_template(name="bench")
proton.create_environment_template_version(templateName="bench", source={"s3": {"bucket": "bench", "key": "env.tar.gz"}})
proton.update_environment_template_version(templateName="bench", majorVersion="1", minorVersion="0", status="PUBLISHED")

def create(i):
    t = time.monotonic()
    proton.create_environment(name=f"env-{i}", templateName="bench", templateMajorVersion="1",
                              spec="proton: EnvironmentSpec\nspec: {}\n", codebuildRoleArn="arn:aws:iam::123456789012:role/CodeBuild")
    return time.monotonic() - t

start = time.monotonic()
with ThreadPoolExecutor(max_workers=8) as clients:  # 8 concurrent API clients keep the queue full
    create_latencies = list(clients.map(create, range(n)))
queued = time.monotonic() - start

def statuses():
    counts, token = {}, None
    while True:
        page = proton.list_environments(**({"nextToken": token} if token else {}))
        for e in page["environments"]:
            counts[e["deploymentStatus"]] = counts.get(e["deploymentStatus"], 0) + 1
        token = page.get("nextToken")
        if not token:
            return counts

while True:
    counts = statuses()
    if counts.get("SUCCEEDED", 0) + counts.get("FAILED", 0) >= n:
        break
    time.sleep(0.2)
elapsed = time.monotonic() - start
create_latencies.sort()
print(f"{n} environments, {workers} deployment workers, 8 API clients, command engine")
print(f"create-environment API: p50 {create_latencies[n // 2] * 1000:.0f} ms, p95 {create_latencies[int(n * 0.95)] * 1000:.0f} ms; all queued in {queued:.1f} s")
print(f"all deployed in {elapsed:.1f} s: {n / elapsed:.1f} deployments/s ({counts})")
