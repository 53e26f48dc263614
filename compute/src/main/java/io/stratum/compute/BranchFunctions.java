package io.stratum.compute;

import java.util.List;

/**
 * What the SQL functions {@code stratum_branch_create(name [, from [, at]])}, {@code stratum_branch_list()},
 * {@code stratum_diff(from, to, table)} and {@code stratum_branch_merge(source [, into [, resolve]])} call, so
 * that an application or a CI pipeline connected to the compute can branch itself. The local cluster
 * implements it on its branch manager and hands it over through {@link BranchResolver#functions()}; a
 * compute without one answers these functions with 0A000. Errors are {@link io.stratum.wal.StratumException}s,
 * which the functions report with the SQLSTATE of their code. Thread-safe.
 */
public interface BranchFunctions {
    /** Creates branch {@code name} of {@code from} (null: main) at {@code at} (null: latest); its connection string. */
    String create(String name, String from, String at);

    /**
     * Every branch, parents first: name, parent, branch_lsn, branch_time, last_record_lsn (text), protected
     * (boolean), connection (text); null where a value is absent.
     */
    List<Object[]> list();

    /**
     * The rows of {@code table} that differ from branch {@code from} to branch {@code to}, as Doltgres'
     * {@code dolt_diff(from, to, table)}: to_row, to_commit, from_row, from_commit, diff_type (text; a row is a
     * JSON object of its columns' text values, null when absent; a commit is the branch head's LSN).
     */
    List<Object[]> diff(String from, String to, String table);

    /** Merges {@code source} into {@code into} (null: its parent); {@code resolve} null, ours or theirs; the merge as JSON. */
    String merge(String source, String into, String resolve);
}
