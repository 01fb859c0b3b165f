package dev.steward.policy;

/**
 * One difference between two policy versions: where ({@code path}, e.g. {@code
 * recipients.service_providers.marketo.categories}), what happened, and whether it is material, that
 * is, whether it lowers the protection of data collected before. Immutable.
 */
public record PolicyChange(String path, String description, boolean material) {
    @Override
    public String toString() {
        return (material ? "MATERIAL      " : "non-material  ") + path + ": " + description;
    }
}
