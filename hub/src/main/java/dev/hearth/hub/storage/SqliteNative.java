package dev.hearth.hub.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.util.OSInfo;

/**
 * Which of sqlite-jdbc's native libraries this machine loads, settled before sqlite-jdbc looks, and one clear
 * sentence where hearth.jar carries none for it.
 *
 * <p>On 32-bit ARM, sqlite-jdbc runs {@code uname -m} to choose between its armv6, armv7 and soft-float {@code arm}
 * builds. Where that process cannot run (qemu-user without binfmt_misc, an image without {@code uname}) or answers
 * {@code armv8l} (a 32-bit container on a 64-bit kernel), it takes the soft-float build, which a hard-float JVM
 * (Raspberry Pi OS, Debian armhf) cannot load: the hub stopped with "No native library found for os.name=Linux,
 * os.arch=arm". So on Linux/arm the hub decides, without a process, from the JVM's own ELF header (hard- or
 * soft-float, as JNA does) and {@code /proc/cpuinfo} (ARMv6, or ARMv7 and later), and tells sqlite-jdbc through its
 * {@value #ARCH_PROPERTY} property; a value given with {@code -D} is left alone.
 */
final class SqliteNative {
    static final String ARCH_PROPERTY = "org.sqlite.osinfo.architecture";
    /** Where hearth.jar carries sqlite-jdbc's library: the shade filters of cli/pom.xml keep these and drop the rest. */
    static final String PLATFORMS = "Linux on x86_64, aarch64 and 32-bit ARM (armv6, armv7, arm),"
            + " Linux-Musl on x86_64 and aarch64, macOS and Windows on x86_64 and aarch64";
    private static final Logger LOG = LoggerFactory.getLogger(SqliteNative.class);
    private static final int EM_ARM = 40;
    private static final int EF_ARM_ABI_FLOAT_HARD = 0x400;

    private SqliteNative() {
    }

    /** Before the first SQLite connection: pick the ARM build if need be; throw if this machine has no library. */
    static synchronized void prepare() {
        if (System.getProperty("org.sqlite.lib.path") != null) {
            return; // the user's own library: sqlite-jdbc loads that one
        }
        if (System.getProperty("os.name", "").startsWith("Linux") && "arm".equals(System.getProperty("os.arch"))
                && System.getProperty(ARCH_PROPERTY) == null) {
            Optional<Boolean> hardFloat = hardFloat(elfHeader(Path.of("/proc/self/exe")))
                    .or(() -> hardFloat(elfHeader(Path.of(System.getProperty("java.home"), "bin", "java"))));
            hardFloat.ifPresent(hard -> {
                String arch = armFolder(hard, read(Path.of("/proc/cpuinfo")));
                System.setProperty(ARCH_PROPERTY, arch);
                LOG.info("SQLite: sqlite-jdbc's Linux/{} library ({} JVM)", arch, hard ? "hard-float" : "soft-float");
            });
        }
        String folder = OSInfo.getNativeLibFolderPathForCurrentOS();
        String library = System.mapLibraryName("sqlitejdbc").replace(".jnilib", ".dylib");
        String problem = problem(folder, library,
                resource -> SqliteNative.class.getResource(resource) != null,
                System.getProperty("java.library.path", ""));
        if (problem != null) {
            throw new StorageException(problem, null);
        }
    }

    /**
     * sqlite-jdbc's folder for a 32-bit ARM JVM: {@code arm} (soft-float, ARMv5) for a soft-float JVM; for a
     * hard-float one {@code armv7} on an ARMv7 or ARMv8 processor, else {@code armv6}, which runs on every hard-float
     * ARM (a Pi Zero's or Pi 1's ARMv6, or a processor /proc/cpuinfo does not describe, as under an emulator).
     */
    static String armFolder(boolean hardFloat, String cpuinfo) {
        if (!hardFloat) {
            return "arm";
        }
        String text = cpuinfo.toLowerCase(Locale.ROOT);
        // "model name : ARMv7 Processor rev 4 (v7l)" on a 32-bit kernel; "(v8l)" for a 32-bit task on a 64-bit one
        if (text.contains("(v7l)") || text.contains("(v8l)") || text.matches("(?s).*cpu architecture\\s*:\\s*8.*")) {
            return "armv7";
        }
        return "armv6"; // "ARMv6-compatible processor rev 7 (v6l)" (its "CPU architecture" says 7, so not that line)
    }

    /** Whether a 32-bit ARM ELF header says hard-float; empty for anything else (unreadable, another machine). */
    static Optional<Boolean> hardFloat(byte[] header) {
        if (header.length < 40 || header[0] != 0x7f || header[1] != 'E' || header[2] != 'L' || header[3] != 'F'
                || header[4] != 1 /* 32-bit */ || header[5] != 1 /* little-endian */) {
            return Optional.empty();
        }
        int machine = (header[18] & 0xff) | (header[19] & 0xff) << 8;
        if (machine != EM_ARM) {
            return Optional.empty();
        }
        int flags = (header[36] & 0xff) | (header[37] & 0xff) << 8 | (header[38] & 0xff) << 16 | (header[39] & 0xff) << 24;
        return Optional.of((flags & EF_ARM_ABI_FLOAT_HARD) != 0);
    }

    /** Null if sqlite-jdbc will find its library (in the jar, or in java.library.path); else the sentence to stop on. */
    static String problem(String folder, String library, Predicate<String> inJar, String libraryPath) {
        if (inJar.test("/org/sqlite/native/" + folder + "/" + library)) {
            return null;
        }
        boolean onLibraryPath = Arrays.stream(libraryPath.split(java.io.File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isRegularFile(Path.of(dir, library)));
        if (onLibraryPath) {
            return null;
        }
        return "cannot use SQLite on this machine (" + folder + "): hearth.jar carries sqlite-jdbc's native library"
                + " only for " + PLATFORMS + "; run the hub on one of those, or set storage.url to a PostgreSQL"
                + " database (jdbc:postgresql://...)";
    }

    private static byte[] elfHeader(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(52);
        } catch (IOException | RuntimeException e) {
            return new byte[0];
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
