package io.sealer.cluster.operator;

import java.util.ArrayList;
import java.util.List;

/**
 * A table aligned like Go's tabwriter with minimum width 2, padding 2 and spaces: every column
 * but the last is as wide as its widest cell plus 2; the last column is not padded.
 */
public final class TabTable {
    private static final int MIN_WIDTH = 2;
    private static final int PADDING = 2;

    private final List<List<String>> rows = new ArrayList<>();

    public TabTable row(List<String> cells) {
        rows.add(List.copyOf(cells));
        return this;
    }

    public String render() {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] width = new int[columns];
        for (List<String> r : rows) {
            for (int c = 0; c < r.size() - 1; c++) {
                width[c] = Math.max(width[c], Math.max(MIN_WIDTH, r.get(c).codePointCount(0, r.get(c).length()) + PADDING));
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> r : rows) {
            for (int c = 0; c < r.size(); c++) {
                String cell = r.get(c);
                out.append(cell);
                if (c < r.size() - 1) {
                    out.append(" ".repeat(width[c] - cell.codePointCount(0, cell.length())));
                }
            }
            out.append('\n');
        }
        return out.toString();
    }
}
