package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.config.Settings;
import dev.steward.config.SettingsLoader;
import dev.steward.error.StewardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PostgreSQL refusals read as what to check, and the password stays off the command line and out of text. */
class DatabaseErrorsTest {
    @TempDir
    Path dir;

    @Test
    void aRefusedConnectionSaysWhatToCheckWithoutTheServersText() {
        String url = TestDatabases.freshPostgresUrl();
        String wrongUser = url.replaceAll("user=[^&]*", "user=nosuchrole");
        assertThatThrownBy(() -> Database.postgres(wrongUser, "secret-pass")).isInstanceOf(StewardException.class)
                .hasMessageContaining("the user or password was refused").hasMessageNotContaining("nosuchrole")
                .hasMessageNotContaining("secret-pass").hasMessageNotContaining("ERROR");
        String missing = url.replaceAll("/steward_[0-9_]+", "/steward_never_created");
        assertThatThrownBy(() -> Database.postgres(missing)).hasMessageContaining("does not exist; create it first");
        assertThatThrownBy(() -> Database.postgres("jdbc:postgresql://127.0.0.1:1/x")).hasMessageContaining(
                "cannot be reached");
    }

    @Test
    void thePasswordComesFromTheEnvironmentOrAFileAndIsNeverShown() throws Exception {
        Settings fromEnvironment = SettingsLoader.load(null,
                Map.of("STEWARD_DB_PASSWORD", "s3cret-from-env"), Map.of("db", "jdbc:postgresql://h/db?user=u"));
        assertThat(fromEnvironment.databasePassword()).isEqualTo("s3cret-from-env");
        assertThat(fromEnvironment.toString()).doesNotContain("s3cret").contains("postgresql");

        Path file = dir.resolve("password");
        Files.writeString(file, "s3cret-from-file\n");
        Settings fromFile = SettingsLoader.load(null, Map.of("STEWARD_DB_PASSWORD", "ignored"),
                Map.of("db_password_file", file.toString()));
        assertThat(fromFile.databasePassword()).isEqualTo("s3cret-from-file");

        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of(), Map.of("db_password_file",
                dir.resolve("missing").toString()))).hasMessageContaining("cannot read the database password file");
    }
}
