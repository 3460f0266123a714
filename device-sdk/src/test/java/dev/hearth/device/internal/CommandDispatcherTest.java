package dev.hearth.device.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.device.CommandHandler;
import dev.hearth.wire.CommandReply;
import dev.hearth.wire.WireJson;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandDispatcherTest {
    private static final CommandHandler ECHO = command -> CommandReply.success(command.args());
    private static final CommandDispatcher DISPATCHER = new CommandDispatcher(Map.of(
            "echo", ECHO,
            "boom", command -> {
                throw new IllegalStateException("boom");
            },
            "silent", command -> {
                throw new UnsupportedOperationException();
            },
            "nothing", command -> null));

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            echo    | `{"a":1}` | `{"ok":true,"result":{"a":1}}`
            echo    | ``        | `{"ok":true,"result":{}}`
            echo    | `[1]`     | `{"ok":false,"error":"malformed arguments for 'echo': expected a JSON object, got array"}`
            echo    | `"text"`  | `{"ok":false,"error":"malformed arguments for 'echo': expected a JSON object, got string"}`
            fly     | `{}`      | `{"ok":false,"error":"unknown command 'fly'"}`
            boom    | `{}`      | `{"ok":false,"error":"boom"}`
            silent  | `{}`      | `{"ok":false,"error":"UnsupportedOperationException"}`
            nothing | `{}`      | `{"ok":false,"error":"the handler for 'nothing' returned no reply"}`
            """)
    void dispatches(String name, String payload, String expectedReply) throws Exception {
        CommandReply reply = DISPATCHER.dispatch(name, payload == null ? new byte[0] : payload.getBytes(StandardCharsets.UTF_8));

        assertThat(WireJson.mapper().valueToTree(reply).toString()).isEqualTo(expectedReply);
    }
}
