package dev.steward.policy;

import java.util.Map;
import java.util.Optional;

/**
 * How personal information reaches a recipient in another country: the safeguard per exporting
 * jurisdiction ({@code DEFAULT} for the rest) and how and when it is sent. Immutable.
 */
public record Transfer(Map<Jurisdiction, TransferMechanism> mechanisms, LocalizedText method) {
    public static final Transfer NONE = new Transfer(Map.of(), LocalizedText.EMPTY);

    public Transfer {
        mechanisms = Map.copyOf(mechanisms);
    }

    public Optional<TransferMechanism> mechanismFor(Jurisdiction exporter) {
        TransferMechanism mechanism = mechanisms.get(exporter);
        return Optional.ofNullable(mechanism != null ? mechanism : mechanisms.get(Jurisdiction.DEFAULT));
    }
}
