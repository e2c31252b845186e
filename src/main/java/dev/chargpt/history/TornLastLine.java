package dev.chargpt.history;

import dev.chargpt.AtomicFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Makes a history file end with a complete line before the next row is appended. A crash in the
 * middle of an append leaves a last line without its newline; appending after it would glue the
 * next row onto the fragment and turn a harmless torn tail into a corrupt middle line.
 */
final class TornLastLine {

    /** Real rows are about 100 characters; a longer torn tail cannot be a whole row. */
    private static final int MAX_PLAUSIBLE_LENGTH = 64 * 1024;

    private TornLastLine() {
    }

    /** Drops a torn last line, or, if it is a whole row that only lacks its newline, terminates it. */
    static void repair(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0 || byteAt(channel, size - 1) == '\n') {
            return;
        }
        long lineStart = startOfLastLine(channel, size);
        if (size - lineStart <= MAX_PLAUSIBLE_LENGTH && HistoryRow.isRow(readString(channel, lineStart, size))) {
            channel.position(size);
            AtomicFile.writeFully(channel, new byte[] {'\n'});
        } else {
            channel.truncate(lineStart);
        }
    }

    private static long startOfLastLine(FileChannel channel, long size) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(4096);
        long end = size;
        while (end > 0) {
            long begin = Math.max(0, end - chunk.capacity());
            chunk.clear().limit((int) (end - begin));
            readFully(channel, chunk, begin);
            for (int i = chunk.limit() - 1; i >= 0; i--) {
                if (chunk.get(i) == '\n') {
                    return begin + i + 1;
                }
            }
            end = begin;
        }
        return 0;
    }

    private static byte byteAt(FileChannel channel, long position) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        readFully(channel, one, position);
        return one.get(0);
    }

    private static String readString(FileChannel channel, long from, long to) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate((int) (to - from));
        readFully(channel, bytes, from);
        return new String(bytes.array(), StandardCharsets.UTF_8);
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            int read = channel.read(into, position + into.position());
            if (read < 0) {
                throw new IOException("file shrank while reading it");
            }
        }
    }
}
