package io.magicshield.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The models' classpath resources beside these classes, and the pinned hashes the build verified them against. */
final class ModelResources {

    private ModelResources() {}

    static byte[] read(String name) {
        String path = "/" + ModelResources.class.getPackageName().replace('.', '/') + "/" + name;
        try (InputStream in = ModelResources.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(
                        "classpath resource " + path + " is missing: was magicshield-models built with its models?");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + path, e);
        }
    }

    /** The hash pinned for a file in a hash file (read once per hash file). */
    static String pinnedHash(String hashFile, String fileName) {
        return PINNED.computeIfAbsent(hashFile, ModelResources::pinnedHashes).get(fileName);
    }

    private static final Map<String, Map<String, String>> PINNED = new ConcurrentHashMap<>();

    /** Lines of {@code <sha256>  <file name>}, the files the build verifies the models against, by file name. */
    private static Map<String, String> pinnedHashes(String hashFile) {
        Map<String, String> hashes = new HashMap<>();
        for (String line : new String(read(hashFile), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                String[] parts = line.split(" {2}", 2);
                hashes.put(parts[1], parts[0]);
            }
        }
        return hashes;
    }
}
