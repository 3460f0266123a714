package dev.hearth.hub.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleTextsTest {
    private static final List<String> FILE = List.of(
            "# two rules",                           // 1
            "rules:",                                // 2
            "  - id: first",                         // 3
            "    when:",                             // 4
            "      - state: bed-1.occupant",         // 5
            "",                                      // 6
            "        # a comment inside",            // 7
            "    then:",                             // 8
            "      - command: coffee-1.brew",        // 9
            "",                                      // 10
            "  # about the second rule",             // 11
            "  - id: second",                        // 12
            "    then:",                             // 13
            "      - notify: log",                   // 14
            "");                                     // 15

    @ParameterizedTest(name = "rule at {0}:{1}")
    @CsvSource({
            "3, 5, first, coffee-1.brew, second", // the loader points at the rule's first key
            "3, 3, first, coffee-1.brew, second", // or at its dash
            "12, 5, second, notify: log, first"})
    void cutsOneRuleOutOfItsFile(int line, int column, String id, String lastLine, String other) {
        String text = RuleTexts.block(FILE, line, column);

        assertThat(text).as("shifted left").startsWith("- id: " + id + "\n  ").contains(lastLine).doesNotContain(other);
        assertThat(text).as("trailing blank and comment lines belong to what follows").endsWith(lastLine + "\n");
    }

    @Test
    void keepsCommentsAndBlankLinesInsideTheRule() {
        assertThat(RuleTexts.block(FILE, 3, 5)).contains("# a comment inside").contains("\n\n");
    }
}
