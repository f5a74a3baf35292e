package org.wenjin.knowledge.importing;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** An input stream that tells how many bytes have been read, every mebibyte and at the end. */
public final class ProgressStream extends FilterInputStream {
    private static final long STEP = 1 << 20;

    private final LongConsumer onRead;
    private long read;
    private long reported;

    public ProgressStream(InputStream in, LongConsumer onRead) {
        super(in);
        this.onRead = onRead;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        count(b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        count(n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
    }

    private void count(long n) {
        if (n < 0) {
            if (reported < read) {
                reported = read;
                onRead.accept(read);
            }
            return;
        }
        read += n;
        if (read - reported >= STEP) {
            reported = read;
            onRead.accept(read);
        }
    }
}
