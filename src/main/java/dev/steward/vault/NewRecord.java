package dev.steward.vault;

import dev.steward.policy.CategoryKey;
import dev.steward.policy.PurposeKey;
import dev.steward.policy.Source;
import java.util.List;
import java.util.Objects;

/** A personal value to store, with where it came from and the purposes it was collected for. Immutable. */
public record NewRecord(CategoryKey category, String value, Source source, List<PurposeKey> purposes) {
    public NewRecord {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
        purposes = List.copyOf(purposes);
    }

    @Override
    public String toString() {
        return "NewRecord[category=" + category + ", source=" + source + ", purposes=" + purposes + "]";
    }
}
