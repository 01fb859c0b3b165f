package dev.steward.connect;

import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import java.util.List;
import java.util.function.Consumer;

/** A connector that reports each time its store cannot be reached (for the connector-failure metric). */
public final class ObservedConnector implements Connector {
    private final Connector connector;
    private final Consumer<String> unavailable;

    public ObservedConnector(Connector connector, Consumer<String> unavailable) {
        this.connector = connector;
        this.unavailable = unavailable;
    }

    @Override
    public String name() {
        return connector.name();
    }

    @Override
    public String identityKind() {
        return connector.identityKind();
    }

    @Override
    public boolean knows(String identity) {
        try {
            return connector.knows(identity);
        } catch (StewardException e) {
            throw reported(e);
        }
    }

    @Override
    public List<Item> export(String identity) {
        try {
            return connector.export(identity);
        } catch (StewardException e) {
            throw reported(e);
        }
    }

    @Override
    public Erased erase(String identity, List<Held> held) {
        try {
            return connector.erase(identity, held);
        } catch (StewardException e) {
            throw reported(e);
        }
    }

    private StewardException reported(StewardException e) {
        if (e.code() == ErrorCode.CONNECTOR_UNAVAILABLE) {
            unavailable.accept(connector.name());
        }
        return e;
    }
}
