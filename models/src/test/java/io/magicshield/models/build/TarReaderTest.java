package io.magicshield.models.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.models.build.FetchModels.BuildFailure;
import io.magicshield.models.build.FetchModels.TarReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class TarReaderTest {

    private static final byte[] SMALL = "hello".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ONE_BLOCK_PLUS = new byte[513];

    static {
        Arrays.fill(ONE_BLOCK_PLUS, (byte) 7);
    }

    @Test
    void readsTheWantedFilesOfATarGz() throws Exception {
        byte[] tarGz = gzip(tar(
                header("package/skipped.bin", ONE_BLOCK_PLUS.length, '0', ""),
                padded(ONE_BLOCK_PLUS),
                header("package/dir", 0, '5', ""),
                header("hello.txt", SMALL.length, '0', "package"),
                padded(SMALL),
                header("package/big.bin", ONE_BLOCK_PLUS.length, '0', ""),
                padded(ONE_BLOCK_PLUS)));

        Map<String, byte[]> files = TarReader.readFiles(
                new GZIPInputStream(new ByteArrayInputStream(tarGz)),
                Set.of("package/hello.txt", "package/big.bin", "package/absent"));

        assertEquals(Set.of("package/hello.txt", "package/big.bin"), files.keySet());
        assertArrayEquals(SMALL, files.get("package/hello.txt"));
        assertArrayEquals(ONE_BLOCK_PLUS, files.get("package/big.bin"));
    }

    @Test
    void rejectsACorruptHeader() {
        byte[] header = header("package/a", SMALL.length, '0', "");
        header[0] = 'X';
        BuildFailure failure = assertThrows(
                BuildFailure.class,
                () -> TarReader.readFiles(new ByteArrayInputStream(tar(header, padded(SMALL))), Set.of()));
        assertTrue(failure.getMessage().contains("bad header checksum at entry 0"), failure.getMessage());
    }

    @Test
    void rejectsATruncatedArchive() {
        byte[] truncated = Arrays.copyOf(tar(header("package/a", 513, '0', ""), padded(ONE_BLOCK_PLUS)), 700);
        BuildFailure failure = assertThrows(
                BuildFailure.class,
                () -> TarReader.readFiles(new ByteArrayInputStream(truncated), Set.of("package/a")));
        assertTrue(failure.getMessage().contains("truncated inside package/a"), failure.getMessage());
    }

    /** A ustar header: name, size and type, with the prefix field and checksum filled in as tar does. */
    private static byte[] header(String name, int size, char type, String prefix) {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 124, String.format("%011o", size));
        put(header, 136, "00000000000");
        header[156] = (byte) type;
        put(header, 257, "ustar");
        put(header, 263, "00");
        put(header, 345, prefix);
        Arrays.fill(header, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        return header;
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }

    private static byte[] padded(byte[] content) {
        return Arrays.copyOf(content, (content.length + 511) / 512 * 512);
    }

    private static byte[] tar(byte[]... blocks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] block : blocks) {
            out.writeBytes(block);
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }
}
