package dev.steward.store;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;

/**
 * How times are stored: in typed columns, so that SQL compares and sorts them as times. PostgreSQL
 * columns are {@code timestamptz}; SQLite, which has no time type, stores microseconds since the epoch
 * in {@code INTEGER} columns. Both keep microseconds, so a time reads back the same on either database.
 * Bind an {@link Instant}, read with {@code mapTo(Instant.class)} or {@link #of(Object)}.
 */
public final class Times {
    private Times() { }

    /** {@code time} at the precision the database keeps. */
    public static Instant stored(Instant time) {
        return time == null ? null : time.truncatedTo(ChronoUnit.MICROS);
    }

    /** A time column's value as JDBC returns it (microseconds, a timestamp or an offset time), or null. */
    public static Instant of(Object column) {
        if (column == null) {
            return null;
        }
        if (column instanceof Number micros) {
            long value = micros.longValue();
            return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
        }
        if (column instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (column instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        throw new IllegalStateException("not a time column: " + column.getClass().getSimpleName());
    }

    /** {@link #of(Object)} as ISO-8601 text, or null. */
    public static String text(Object column) {
        Instant time = of(column);
        return time == null ? null : time.toString();
    }

    static long micros(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000L);
    }

    /** Teaches {@code jdbi} to bind and read {@link Instant}s in {@code dialect}'s time columns. */
    static void register(Jdbi jdbi, boolean postgres) {
        jdbi.registerArgument(postgres ? new TimestampArgument() : new MicrosArgument());
        jdbi.registerColumnMapper(Instant.class, (rs, column, ctx) -> of(rs.getObject(column)));
    }

    private static final class MicrosArgument extends AbstractArgumentFactory<Instant> {
        MicrosArgument() {
            super(Types.BIGINT);
        }

        @Override
        protected Argument build(Instant value, ConfigRegistry config) {
            return (position, statement, ctx) -> statement.setLong(position, micros(value));
        }
    }

    private static final class TimestampArgument extends AbstractArgumentFactory<Instant> {
        TimestampArgument() {
            super(Types.TIMESTAMP_WITH_TIMEZONE);
        }

        @Override
        protected Argument build(Instant value, ConfigRegistry config) {
            return (position, statement, ctx) -> statement.setObject(position,
                    OffsetDateTime.ofInstant(stored(value), ZoneOffset.UTC));
        }
    }
}
