package dev.pave.template;

/** Where a version's bundle comes from. */
public sealed interface BundleSource {

    /** Proton's {@code source.s3}: a tar.gz (or zip) in a bucket Pave can read. */
    record S3(String bucket, String key) implements BundleSource {
        @Override
        public String describe() {
            return "s3://" + bucket + "/" + key;
        }
    }

    /** An archive uploaded in the browser. */
    record Upload(String fileName, byte[] bytes) implements BundleSource {
        @Override
        public String describe() {
            return "upload:" + fileName;
        }
    }

    /** A bundle folder of a commit, read by template sync: the folder's files as an archive, and its Git tree. */
    record Git(String repository, String commit, String directory, String tree, byte[] archive) implements BundleSource {
        @Override
        public String describe() {
            return "git:" + repository + "@" + commit + ":" + directory;
        }
    }

    String describe();
}
