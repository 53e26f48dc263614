package io.stratum.compute.session;

/** A NoticeResponse: severity (NOTICE, WARNING, INFO, ...), SQLSTATE, message, optional detail and hint. */
public record Notice(String severity, String sqlState, String message, String detail, String hint) {
}
