package dev.hearth.hub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqliteNativeTest {
    /** A Pi Zero W on Raspberry Pi OS (32-bit): its "CPU architecture" line says 7, its model name says v6. */
    private static final String PI_ZERO = """
            processor	: 0
            model name	: ARMv6-compatible processor rev 7 (v6l)
            BogoMIPS	: 697.95
            Features	: half thumb fastmult vfp edsp java tls
            CPU implementer	: 0x41
            CPU architecture: 7
            CPU part	: 0xb76
            Hardware	: BCM2835
            """;
    /** A Pi 3 on a 32-bit kernel. */
    private static final String PI_3_ARMV7 = """
            processor	: 0
            model name	: ARMv7 Processor rev 4 (v7l)
            Features	: half thumb fastmult vfp edsp neon vfpv3 tls vfpv4 idiva idivt vfpd32 lpae evtstrm crc32
            CPU architecture: 7
            CPU part	: 0xd03
            """;
    /** A Pi 4 on a 64-bit kernel, read by a 32-bit process (Raspberry Pi OS 32-bit since 2023). */
    private static final String PI_4_COMPAT = """
            processor	: 0
            model name	: ARMv8 Processor rev 3 (v8l)
            BogoMIPS	: 108.00
            CPU architecture: 8
            CPU part	: 0xd08
            """;
    /** What a 32-bit ARM JVM reads under qemu-user on an x86-64 machine: the host's processor. */
    private static final String X86_HOST = """
            processor	: 0
            vendor_id	: AuthenticAMD
            model name	: AMD EPYC 7B13
            flags		: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr
            """;

    @Test
    void aSoftFloatJvmGetsTheSoftFloatBuildWhateverTheProcessor() {
        assertThat(SqliteNative.armFolder(false, PI_3_ARMV7)).isEqualTo("arm");
        assertThat(SqliteNative.armFolder(false, PI_ZERO)).isEqualTo("arm");
    }

    @Test
    void aHardFloatJvmGetsArmv7OnArmv7AndLaterAndArmv6Otherwise() {
        assertThat(SqliteNative.armFolder(true, PI_3_ARMV7)).isEqualTo("armv7");
        assertThat(SqliteNative.armFolder(true, PI_4_COMPAT)).isEqualTo("armv7");
        assertThat(SqliteNative.armFolder(true, PI_ZERO)).isEqualTo("armv6");
        // a processor it cannot name: the build that runs on every hard-float ARM
        assertThat(SqliteNative.armFolder(true, X86_HOST)).isEqualTo("armv6");
        assertThat(SqliteNative.armFolder(true, "")).isEqualTo("armv6");
    }

    @ParameterizedTest(name = "e_flags {0} -> hard-float {1}")
    @CsvSource({"0x05000400, true", "0x05000200, false", "0x05000000, false"})
    void theFloatAbiIsReadFromA32BitArmElfHeader(String flags, boolean hard) {
        assertThat(SqliteNative.hardFloat(elfHeader(1, 40, Integer.decode(flags)))).contains(hard);
    }

    @Test
    void anythingButA32BitArmElfSaysNothing() {
        assertThat(SqliteNative.hardFloat(elfHeader(2, 183, 0))).isEmpty(); // 64-bit aarch64
        assertThat(SqliteNative.hardFloat(elfHeader(1, 3, 0))).isEmpty();   // 32-bit x86
        assertThat(SqliteNative.hardFloat(new byte[0])).isEmpty();          // could not be read
        assertThat(SqliteNative.hardFloat("#!/bin/sh\nexec java \"$@\"\n# a launcher script, not an ELF ......"
                .getBytes())).isEmpty();
    }

    @Test
    void aPlatformTheJarHasNoLibraryForStopsTheHubWithOneSentence() {
        String problem = SqliteNative.problem("Linux/riscv64", "libsqlitejdbc.so", resource -> false, "");
        assertThat(problem).isEqualTo("cannot use SQLite on this machine (Linux/riscv64): hearth.jar carries"
                + " sqlite-jdbc's native library only for " + SqliteNative.PLATFORMS + "; run the hub on one of"
                + " those, or set storage.url to a PostgreSQL database (jdbc:postgresql://...)");
    }

    @Test
    void aLibraryInTheJarOrOnTheLibraryPathIsFine(@TempDir Path dir) throws Exception {
        assertThat(SqliteNative.problem("Linux/armv7", "libsqlitejdbc.so",
                "/org/sqlite/native/Linux/armv7/libsqlitejdbc.so"::equals, "")).isNull();
        Files.writeString(dir.resolve("libsqlitejdbc.so"), "");
        assertThat(SqliteNative.problem("Linux/riscv64", "libsqlitejdbc.so", resource -> false,
                "/nonexistent" + java.io.File.pathSeparator + dir)).isNull();
    }

    @Test
    void thisMachinesLibraryIsFoundWhereTheTestsRun() {
        // x86_64 or aarch64 build machines; the full sqlite-jdbc jar is on the test class path
        assertThatCode(SqliteNative::prepare).doesNotThrowAnyException();
    }

    @Test
    void openingSqliteOnAMachineWithoutALibraryFailsBeforeAnythingIsCreated(@TempDir Path dir) {
        String before = System.getProperty(SqliteNative.ARCH_PROPERTY);
        System.setProperty(SqliteNative.ARCH_PROPERTY, "sparc"); // what sqlite-jdbc would look for on such a machine
        try {
            assertThatThrownBy(() -> Database.open("jdbc:sqlite:" + dir.resolve("data/hearth.db"), null, null, 1))
                    .isInstanceOf(StorageException.class)
                    .hasMessageStartingWith("cannot use SQLite on this machine (")
                    .hasMessageContaining("/sparc): hearth.jar carries sqlite-jdbc's native library only for Linux on");
            assertThat(dir.resolve("data")).doesNotExist();
        } finally {
            if (before == null) {
                System.clearProperty(SqliteNative.ARCH_PROPERTY);
            } else {
                System.setProperty(SqliteNative.ARCH_PROPERTY, before);
            }
        }
    }

    private static byte[] elfHeader(int elfClass, int machine, int flags) {
        byte[] header = new byte[52];
        header[0] = 0x7f;
        header[1] = 'E';
        header[2] = 'L';
        header[3] = 'F';
        header[4] = (byte) elfClass;
        header[5] = 1;
        header[18] = (byte) machine;
        header[19] = (byte) (machine >> 8);
        for (int i = 0; i < 4; i++) {
            header[36 + i] = (byte) (flags >> (8 * i));
        }
        return header;
    }
}
