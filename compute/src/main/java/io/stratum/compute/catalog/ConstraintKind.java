package io.stratum.compute.catalog;

/** pg_constraint.contype values Stratum keeps. */
public enum ConstraintKind {
    PRIMARY_KEY('p'),
    UNIQUE('u'),
    CHECK('c'),
    FOREIGN_KEY('f');

    private final char code;

    ConstraintKind(final char code) {
        this.code = code;
    }

    /** The contype character. */
    public char code() {
        return code;
    }
}
