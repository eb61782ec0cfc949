/**
 * CRM hygiene and data quality, in plain Java: hygiene rules that turn records into findings
 * ({@link io.middlemile.quality.HygieneRule}: required fields per stage, staleness, format conformance,
 * allowed values, relationship gaps, inactive owners) and quality metrics computed in one streaming pass
 * ({@link io.middlemile.quality.QualityMetrics}: completeness, conformance, invalid values, freshness and
 * violations by severity) whose memory does not grow with the record count.
 *
 * <p>Records come in as {@link io.middlemile.quality.Inspected} values (an id, field values, the owner and
 * the last change), so the same rules read provider records (a HubSpot deal) and canonical ones. The
 * rule files ({@code hygiene/NAME.yaml}), the stored metric snapshots and their trend, the
 * {@code quality report} command and the governed clean-up job build on this package.
 */
package io.middlemile.quality;
