package dev.steward.changes;

import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;

/**
 * A position in the change log: the writing transaction's id and the row's sequence number, compared
 * in that order. Written as {@code "<txid>.<seq>"}; {@link #START} is before every change.
 */
record Cursor(long txid, long seq) implements Comparable<Cursor> {
    static final Cursor START = new Cursor(0, 0);

    static Cursor parse(String text) {
        if (text == null || text.isEmpty()) {
            return START;
        }
        int dot = text.indexOf('.');
        try {
            if (dot > 0) {
                Cursor cursor = new Cursor(Long.parseLong(text.substring(0, dot)), Long.parseLong(text.substring(dot + 1)));
                if (cursor.txid >= 0 && cursor.seq >= 0) {
                    return cursor;
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new StewardException(ErrorCode.INVALID_FIELD, "after", "a cursor as returned in 'next' (or none)");
    }

    @Override
    public int compareTo(Cursor other) {
        int byTransaction = Long.compare(txid, other.txid);
        return byTransaction != 0 ? byTransaction : Long.compare(seq, other.seq);
    }

    @Override
    public String toString() {
        return txid + "." + seq;
    }
}
