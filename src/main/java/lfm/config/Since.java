package lfm.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a spec field added after the first grouped config.json format: {@code @Since(3)} means files
 * of format 2 do not have it. When such a file is read, the field takes its value from the record's
 * {@code defaults()} (so a new field's default must reproduce the behaviour from before it existed);
 * in a file of format 3 or newer the field is required like any other. The format this build writes is
 * the largest {@code @Since} in the spec tree (at least {@link RunConfigFile#BASE_FORMAT}), so adding
 * a field with its {@code @Since} is all a new flag needs for old runs to keep loading.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Since {
    /** The first config.json format that has the field. */
    int value();
}
