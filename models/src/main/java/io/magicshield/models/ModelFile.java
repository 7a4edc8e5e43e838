package io.magicshield.models;

/**
 * A model file shipped as a classpath resource beside these classes, verified at build time against the SHA-256
 * pinned in its family's hash file. The hand and segmentation models are two enums of this one kind.
 */
public interface ModelFile {

    /** The file's name, as in the hash file and on the classpath. */
    String fileName();

    /** The family's file of pinned hashes ({@code <sha256>  <file name>} lines). */
    String hashFile();

    /** The pinned SHA-256 of the model file, lowercase hex. */
    default String sha256() {
        return ModelResources.pinnedHash(hashFile(), fileName());
    }

    /** The model file's bytes, read from the classpath. */
    default byte[] bytes() {
        return ModelResources.read(fileName());
    }
}
