package io.stratum.compute.catalog;

import java.util.List;

/**
 * A B-tree index (pg_class row of relkind 'i' plus its pg_index row).
 *
 * <p>An expression index has attnum 0 in {@link #keyAttnums} where a key is an expression; {@link #exprs} holds
 * those expressions in key order (pg_index.indexprs), and a partial index its {@link #predicate} (indpred),
 * each as SQL text deparsed in PostgreSQL's non-pretty form over the table's column names, bound again by
 * whoever evaluates them ({@code sql.analyze.IndexExprs}); {@link #exprTypeOids} the result type of each, and
 * {@link #pretty} the pretty forms psql's {@code \d} shows (the expressions, then the predicate if any).
 *
 * @param oid its OID (pg_class.oid, pg_index.indexrelid)
 * @param name relname, e.g. {@code t_pkey}, {@code t_a_key}, {@code t_a_idx}
 * @param namespaceOid the table's schema
 * @param tableOid indrelid
 * @param keyAttnums indkey: the table's attnums in key order, 0 for an expression key
 * @param unique indisunique
 * @param primary indisprimary
 * @param relfilenode the mvcc relation number of its B-tree (changes on TRUNCATE)
 * @param exprs the expression keys, in key order (empty for a plain index)
 * @param exprTypeOids the type OID of each expression key
 * @param predicate the partial index's predicate, or null
 * @param pretty the pretty forms of the expressions and (last) of the predicate
 */
public record IndexDef(int oid, String name, int namespaceOid, int tableOid, int[] keyAttnums, boolean unique,
                       boolean primary, int relfilenode, List<String> exprs, int[] exprTypeOids, String predicate,
                       List<String> pretty)
    implements Relation {

    /** A plain index: column keys only, no predicate. */
    public IndexDef(final int oid, final String name, final int namespaceOid, final int tableOid, final int[] keyAttnums,
                    final boolean unique, final boolean primary, final int relfilenode) {
        this(oid, name, namespaceOid, tableOid, keyAttnums, unique, primary, relfilenode, List.of(), new int[0], null, List.of());
    }

    @Override
    public char kind() {
        return 'i';
    }

    /** Whether every key is a column and there is no predicate (what FOREIGN KEY and join lookups can use). */
    public boolean plain() {
        return exprs.isEmpty() && predicate == null;
    }

    /** The same index on another B-tree (TRUNCATE, table rewrites). */
    public IndexDef withRelfilenode(final int node) {
        return new IndexDef(oid, name, namespaceOid, tableOid, keyAttnums, unique, primary, node, exprs, exprTypeOids,
            predicate, pretty);
    }

    /** The same index under another name. */
    public IndexDef renamed(final String to) {
        return new IndexDef(oid, to, namespaceOid, tableOid, keyAttnums, unique, primary, relfilenode, exprs, exprTypeOids,
            predicate, pretty);
    }

    /** The same index with its expressions, predicate and pretty forms rewritten (RENAME COLUMN). */
    public IndexDef withTexts(final List<String> newExprs, final String newPredicate, final List<String> newPretty) {
        return new IndexDef(oid, name, namespaceOid, tableOid, keyAttnums, unique, primary, relfilenode,
            List.copyOf(newExprs), exprTypeOids, newPredicate, List.copyOf(newPretty));
    }

    /** The pretty form of expression key {@code k} (0-based among the expressions). */
    public String prettyExpr(final int k) {
        return pretty.get(k);
    }

    /** The pretty form of the predicate, or null. */
    public String prettyPredicate() {
        return predicate == null ? null : pretty.get(exprs.size());
    }

    /** Equal when every field is, arrays compared by content (they are shared: do not modify them). */
    @Override
    public boolean equals(final Object other) {
        return other instanceof IndexDef o
            && oid == o.oid
            && java.util.Objects.equals(name, o.name)
            && namespaceOid == o.namespaceOid
            && tableOid == o.tableOid
            && unique == o.unique
            && primary == o.primary
            && relfilenode == o.relfilenode
            && java.util.Arrays.equals(keyAttnums, o.keyAttnums)
            && exprs.equals(o.exprs)
            && java.util.Arrays.equals(exprTypeOids, o.exprTypeOids)
            && java.util.Objects.equals(predicate, o.predicate)
            && pretty.equals(o.pretty);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(oid, name, namespaceOid, tableOid, unique, primary, relfilenode, exprs, predicate) * 31
            + java.util.Arrays.hashCode(keyAttnums);
    }

    @Override
    public String toString() {
        return "IndexDef[oid=" + oid + ", name=" + name + ", keyAttnums="
            + java.util.Arrays.toString(keyAttnums) + (exprs.isEmpty() ? "" : ", exprs=" + exprs)
            + (predicate == null ? "" : ", predicate=" + predicate) + "]";
    }

    /** An expression key as pg_get_indexdef prints it: in parentheses unless it is a function call. */
    public static String keyText(final String expr) {
        return looksLikeCall(expr) ? expr : "(" + expr + ")";
    }

    /** Whether {@code s} is one function call {@code f(...)} (then PostgreSQL prints no extra parentheses). */
    public static boolean looksLikeCall(final String s) {
        final int open = s.indexOf('(');
        if (open <= 0 || !s.endsWith(")") || !s.substring(0, open).matches("[A-Za-z_][A-Za-z0-9_$.\"]*")) {
            return false;
        }
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c == '\'') {
                i = s.indexOf('\'', i + 1);
                while (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                    i = s.indexOf('\'', i + 2);
                }
                continue;
            }
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth == 0 && i < s.length() - 1) {
                return false;
            }
        }
        return true;
    }
}
