package dev.pave.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Small template bundles, built in memory, as a platform team would upload them. */
final class TestBundles {

    static final String ENVIRONMENT_SCHEMA = """
            schema:
              format:
                openapi: "3.0.0"
              environment_input_type: "VpcInput"
              types:
                VpcInput:
                  type: object
                  description: "Inputs of the VPC"
                  properties:
                    vpc_cidr:
                      title: "VPC CIDR"
                      type: string
                      default: 10.0.0.0/16
            """;

    static final String MANIFEST = """
            infrastructure:
              templates:
                - file: "cloudformation.yaml"
                  rendering_engine: jinja
                  template_language: cloudformation
            """;

    static final String CLOUDFORMATION = """
            AWSTemplateFormatVersion: '2010-09-09'
            Resources:
              VPC:
                Type: AWS::EC2::VPC
                Properties:
                  CidrBlock: '{{ environment.inputs.vpc_cidr }}'
            """;

    private TestBundles() {
    }

    /** A valid environment bundle: schema, CloudFormation manifest and template. */
    static byte[] environment() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("schema/schema.yaml", ENVIRONMENT_SCHEMA);
        files.put("infrastructure/manifest.yaml", MANIFEST);
        files.put("infrastructure/cloudformation.yaml", CLOUDFORMATION);
        return tarGz(files);
    }

    static byte[] tarGz(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
