package lfm.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a command-line option to a field of the command's spec record by its JSON path, e.g.
 * {@code @SpecField("optimization.learningRate")} on {@code --lr}. The option's default (and what
 * {@code --help} shows) is read from the record's {@code defaults()}, and its value is written into the
 * spec the command builds ({@link SpecOptions}). {@code negated} binds a {@code --no-…} flag to a field
 * that is its opposite.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface SpecField {
    /** The field's path in the record's JSON form, groups separated by dots. */
    String value();

    /** The flag is the opposite of the field (--no-plots ↔ run.plots). */
    boolean negated() default false;
}
