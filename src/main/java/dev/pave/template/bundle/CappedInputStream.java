package dev.pave.template.bundle;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes read through it and refuses to go past a cap, so a limit holds while reading. */
final class CappedInputStream extends FilterInputStream {

    private final long cap;
    private final String refusal;
    private long count;

    CappedInputStream(InputStream in, long cap, String refusal) {
        super(in);
        this.cap = cap;
        this.refusal = refusal;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b != -1) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        add(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void add(long n) {
        count += n;
        if (count > cap) {
            throw new BundleException(refusal);
        }
    }
}
