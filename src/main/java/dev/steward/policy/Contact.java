package dev.steward.policy;

/**
 * A person or office to reach for a jurisdiction: controller, DPO, authority, domestic agent and so
 * on. Any field but {@code role} and {@code name} may be empty. Immutable.
 */
public record Contact(ContactRole role, String name, String address, String email, String phone,
                      String attention, String url, LocalizedText note) { }
