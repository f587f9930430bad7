package io.sluice.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/** Directories and files only this OS user may read, write or traverse (POSIX; elsewhere, plain ones). */
final class PrivateDirectory {
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

    private PrivateDirectory() {}

    /**
     * Creates {@code dir} (and missing parents) with mode {@code 0700}, or tightens an existing one to {@code 0700}.
     *
     * @throws IllegalStateException when another user owns it, or it is not a directory
     */
    static Path ensure(Path dir) {
        try {
            boolean posix =
                    FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (!Files.exists(dir)) {
                Files.createDirectories(dir.toAbsolutePath().getParent());
                if (posix) {
                    try {
                        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                    } catch (java.nio.file.FileAlreadyExistsException raced) {
                        // another JVM created it at the same moment: checked below like any existing one
                    }
                } else {
                    Files.createDirectories(dir);
                }
            }
            if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalStateException(dir + " must be a directory (not a file or a symbolic link)");
            }
            if (!posix) {
                return dir;
            }
            UserPrincipal owner = Files.getOwner(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            String me = System.getProperty("user.name");
            if (!owner.getName().equals(me)) {
                throw new IllegalStateException(dir + " is owned by " + owner.getName() + ", not by " + me
                        + ": refusing to run PostgreSQL binaries that another user could have replaced; remove it"
                        + " or choose another directory");
            }
            if (!Files.getPosixFilePermissions(dir).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(dir, OWNER_ONLY);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the private directory " + dir, e);
        }
    }

    /** A new file in {@code dir} holding {@code secret}, readable by this user only; the caller deletes it. */
    static Path secretFile(Path dir, String secret) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path file = posix
                ? Files.createTempFile(dir, "pw-", ".txt", PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE))
                : Files.createTempFile(dir, "pw-", ".txt");
        Files.writeString(file, secret + "\n");
        return file;
    }

    static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left in a 0700 directory, readable by this user only
        }
    }
}
