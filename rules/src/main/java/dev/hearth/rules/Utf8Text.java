package dev.hearth.rules;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text files people write (rules, the hub's config) read as UTF-8, refusing what is not with the
 * line and column of the first byte that is not, so that the error can point there.
 */
public final class Utf8Text {
    private Utf8Text() {
    }

    /** The text stops being UTF-8 at {@code line}:{@code column} (both from 1). */
    public static final class NotUtf8 extends Exception {
        private final int line;
        private final int column;

        NotUtf8(int line, int column) {
            super("not UTF-8 text at " + line + ":" + column, null, false, false);
            this.line = line;
            this.column = column;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }
    }

    /** The text, without a leading byte order mark. */
    public static String decode(byte[] bytes) throws NotUtf8 {
        CharBuffer text = CharBuffer.allocate(bytes.length);
        CoderResult result = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes), text, true);
        String decoded = text.flip().toString();
        if (result.isError()) {
            int line = (int) decoded.chars().filter(c -> c == '\n').count() + 1;
            throw new NotUtf8(line, decoded.length() - decoded.lastIndexOf('\n'));
        }
        return decoded.startsWith("\uFEFF") ? decoded.substring(1) : decoded;
    }
}
