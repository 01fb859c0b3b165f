package dev.steward.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Guessing keys from one address is cut off for a minute; many addresses cannot make it hold memory forever. */
class KeyGuessLimiterTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private final KeyGuessLimiter limiter = new KeyGuessLimiter(now::get);

    @Test
    void anAddressPastTheLimitIsBlockedForTheMinuteExceptForKeysThatWorkedFromIt() {
        limiter.succeeded("10.0.0.1", "good");
        for (int i = 0; i < KeyGuessLimiter.FAILURES_PER_MINUTE; i++) {
            assertThat(limiter.blocked("10.0.0.1", "guess" + i)).isFalse();
            limiter.failed("10.0.0.1");
        }
        assertThat(limiter.blocked("10.0.0.1", "guess")).isTrue();
        assertThat(limiter.blocked("10.0.0.1", "good")).isFalse();
        assertThat(limiter.blocked("10.0.0.2", "guess")).isFalse();

        now.addAndGet(61 * SECOND);
        assertThat(limiter.blocked("10.0.0.1", "guess")).isFalse();
    }

    @Test
    void windowsOfAFloodOfAddressesAreForgottenOnceTheirMinuteIsOver() {
        for (int i = 0; i < 25_000; i++) {
            limiter.failed("2001:db8::" + Integer.toHexString(i));
        }
        now.addAndGet(61 * SECOND);
        limiter.failed("2001:db8::ffff:1");

        assertThat(limiter.tracked()).isLessThanOrEqualTo(1);
        // the address still counts from its first failure on
        for (int i = 1; i < KeyGuessLimiter.FAILURES_PER_MINUTE; i++) {
            limiter.failed("2001:db8::ffff:1");
        }
        assertThat(limiter.blocked("2001:db8::ffff:1", "guess")).isTrue();
    }
}
