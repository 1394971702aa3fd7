package dev.berth.engine.build.dockerfile;

/**
 * A here-document ({@code RUN <<EOF}) attached to an instruction.
 *
 * @param name the terminator word
 * @param content the lines between the instruction and the terminator, each ending in {@code \n}
 * @param expand whether variables are expanded in it (the terminator was not quoted)
 * @param chomp whether leading tabs were stripped ({@code <<-EOF})
 */
public record Heredoc(String name, String content, boolean expand, boolean chomp) {}
