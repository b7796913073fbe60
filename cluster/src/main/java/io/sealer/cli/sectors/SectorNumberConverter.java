package io.sealer.cli.sectors;

import picocli.CommandLine;

/** A sector number argument: a whole number, 0 or more. */
public final class SectorNumberConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        return wholeNumber(value, "a sector number");
    }

    /** A deal id: a whole number, 0 or more. */
    static final class DealId implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return wholeNumber(value, "a deal id");
        }
    }

    private static long wholeNumber(String value, String what) {
        try {
            long n = Long.parseLong(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not " + what
                + " (expected a whole number, 0 or more)");
    }
}
