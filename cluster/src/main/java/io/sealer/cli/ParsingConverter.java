package io.sealer.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An option converter over a parser that throws IllegalArgumentException with a user-facing
 * message; SealerCli prints it after the option's name, so a mistake reads the same in every
 * command that takes that option.
 */
abstract class ParsingConverter<T> implements ITypeConverter<T> {
    abstract T parse(String value);

    @Override
    public final T convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
