package dev.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTextTest {
    /**
     * Picocli formats each help line as a format string and, where that fails (a bare {@code %} before a letter),
     * prints the raw line after a warning on the process's stderr: every command's help must render clean.
     */
    @Test
    void everyCommandsHelpRendersWithoutAFormatWarning() {
        CommandLine cli = Main.commandLine();
        Map<String, CommandLine> commands = cli.getSubcommands();
        assertThat(commands).containsKey("generate");
        PrintStream stderr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        StringBuilder help = new StringBuilder();
        try {
            System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
            help.append(cli.getUsageMessage());
            commands.values().forEach(c -> help.append(c.getUsageMessage()));
        } finally {
            System.setErr(stderr);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(help).contains("covariate:at=50%,features=income|utilization,size=1.0");
    }
}
