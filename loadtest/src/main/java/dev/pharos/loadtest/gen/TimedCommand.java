package dev.pharos.loadtest.gen;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A shell command to run at an offset into the measured period, e.g. {@code 10s:'kill 1234'}. */
public record TimedCommand(Duration at, String command) {

  /** Reads {@code OFFSET:COMMAND}. */
  static final class Converter implements ITypeConverter<TimedCommand> {

    @Override
    public TimedCommand convert(String value) {
      int colon = value.indexOf(':');
      if (colon <= 0 || colon == value.length() - 1) {
        throw new TypeConversionException("expected OFFSET:COMMAND such as 10s:'kill 1234': " + value);
      }
      return new TimedCommand(new DurationConverter().convert(value.substring(0, colon)),
          value.substring(colon + 1));
    }
  }
}
