"""Drives Pave's Proton API for bench/deploy/run.sh: setup (publish the template), create N environments from 8
clients, or wait until a number of them are deployed."""
import io, sys, tarfile, time
from concurrent.futures import ThreadPoolExecutor
import boto3
from botocore.config import Config

pave, moto, step = sys.argv[1], sys.argv[2], sys.argv[3]
proton = boto3.client("proton", endpoint_url=pave, region_name="us-east-1",
                      aws_access_key_id="PAVEBENCHKEY00000001", aws_secret_access_key="bench-secret-access-key-000000000000",
                      config=Config(retries={"max_attempts": 1}))


def setup():
    s3 = boto3.client("s3", endpoint_url=moto, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    files = {
        "schema/schema.yaml": 'schema:\n  format:\n    openapi: "3.0.0"\n  environment_input_type: "In"\n  types:\n    In:\n'
                              '      type: object\n      properties:\n        size:\n          type: string\n          default: small\n',
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
    if "bench" not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
        s3.create_bucket(Bucket="bench")
    s3.put_object(Bucket="bench", Key="env.tar.gz", Body=buf.getvalue())
    proton.create_environment_template(name="bench")
    proton.create_environment_template_version(templateName="bench", source={"s3": {"bucket": "bench", "key": "env.tar.gz"}})
    proton.update_environment_template_version(templateName="bench", majorVersion="1", minorVersion="0", status="PUBLISHED")


def create(n, prefix):
    def one(i):
        t = time.monotonic()
        proton.create_environment(name=f"{prefix}-{i}", templateName="bench", templateMajorVersion="1",
                                  spec="proton: EnvironmentSpec\nspec: {}\n", codebuildRoleArn="arn:aws:iam::123456789012:role/CodeBuild")
        return time.monotonic() - t

    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as clients:  # 8 concurrent API clients
        latencies = sorted(clients.map(one, range(n)))
    print(f"create-environment API: p50 {latencies[n // 2] * 1000:.0f} ms, p95 {latencies[int(n * 0.95)] * 1000:.0f} ms;"
          f" {n} queued in {time.monotonic() - start:.1f} s")


def statuses():
    counts, token = {}, None
    while True:
        page = proton.list_environments(**({"nextToken": token} if token else {}))
        for e in page["environments"]:
            counts[e["deploymentStatus"]] = counts.get(e["deploymentStatus"], 0) + 1
        token = page.get("nextToken")
        if not token:
            return counts


def wait(total, label):
    """Waits until `total` environments are SUCCEEDED or FAILED; timed from now (the create step started the clock)."""
    start = time.monotonic()
    while True:
        counts = statuses()
        if counts.get("SUCCEEDED", 0) + counts.get("FAILED", 0) >= total:
            break
        time.sleep(0.1)
    return time.monotonic() - start, counts


if step == "setup":
    setup()
elif step == "create":
    create(int(sys.argv[4]), sys.argv[5])
elif step == "wait":
    total = int(sys.argv[4])
    label = sys.argv[5] if len(sys.argv) > 5 else "run"
    elapsed, counts = wait(total, label)
    if label == "drained":
        queued = total // 2
        print(f"queue drained: {queued} queued deployments done {elapsed:.1f} s after a restart with workers: "
              f"{queued / elapsed:.1f} deployments/s ({counts})")
    else:
        print(f"all {total} deployed {elapsed:.1f} s after the last was queued ({counts})")
