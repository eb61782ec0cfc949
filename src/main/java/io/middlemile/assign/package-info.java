/**
 * Owner assignment ("lead routing"; the word route is Camel's here): ordered rules with territory, segment and
 * canonical-field conditions, lead-to-account matching, and a weighted round robin that respects capacity and
 * out-of-office. Plain Java: {@link io.middlemile.assign.RuleFiles} turns a validated {@code assign/NAME.yaml} into
 * rules, owners come from an {@link io.middlemile.assign.OwnerDirectory} (the workspace's lists now, CRM users
 * later), the store loads and saves {@link io.middlemile.assign.RoundRobinState}, the CLI's simulation calls
 * {@link io.middlemile.assign.Assigner}, and a job's {@code hub-assign} step calls {@link io.middlemile.assign.LeadAssignments},
 * which continues the stored rotation and counts the stored assignments.
 */
package io.middlemile.assign;
