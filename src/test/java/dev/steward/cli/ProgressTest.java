package dev.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Long operations say they are still working, on stderr, unless told to be quiet or asked for JSON. */
class ProgressTest {
    private static String during(boolean quiet, boolean json, long millis) throws Exception {
        StringWriter err = new StringWriter();
        Output output = new Output();
        output.quiet = quiet;
        output.json = json;
        try (Progress ignored = Progress.start(new PrintWriter(err), output, "retention run", () -> "12 accounts visited")) {
            Thread.sleep(millis);
        }
        return err.toString();
    }

    @Test
    void aLongOperationPrintsPeriodicLines() throws Exception {
        assertThat(during(false, false, 2_600)).contains("retention run: 2 s, 12 accounts visited");
    }

    @Test
    void quietJsonAndShortOperationsPrintNothing() throws Exception {
        assertThat(during(true, false, 2_600)).isEmpty();
        assertThat(during(false, true, 2_600)).isEmpty();
        assertThat(during(false, false, 100)).isEmpty();
    }
}
