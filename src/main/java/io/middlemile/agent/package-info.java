/**
 * The agent gateway: AI agents read, match and propose through the same governed pipeline the jobs use, never
 * around it.
 *
 * <ul>
 *   <li>{@link io.middlemile.agent.AgentActions}: the tools as plain calls into the domain packages (the match index,
 *       the journal, {@code govern.GovernedActions#propose} with the agent as {@code govern.Actor}, the policy, the
 *       hygiene rules, a waterfall of {@code enrich} spending through {@code govern.GovernedActions#spend} as the agent,
 *       a rule set of {@code assign} whose owner is written as a proposal). Each answer is a record.</li>
 *   <li>{@link io.middlemile.agent.AgentTools}: the one table of tools (name, description saying what it may change
 *       and what the policy decides, argument schema, call) both edges serve.</li>
 *   <li>{@link io.middlemile.agent.McpGateway}: the MCP server over them (official MCP Java SDK), served over
 *       streamable HTTP at {@code /mcp} by {@link io.middlemile.agent.AgentGatewayHttp} and over stdio by
 *       {@code middlemile mcp}; {@link io.middlemile.agent.AgentActionsController}: the same tools at
 *       {@code POST /api/actions/{tool}}, each described at its own path in the OpenAPI document
 *       ({@link io.middlemile.agent.AgentActionsOpenApi}).</li>
 * </ul>
 * The actor always comes from the transport (an {@code agent:NAME} token, or the name {@code middlemile mcp} was
 * started with), never from a tool's arguments. Only agents' tokens reach the gateway, and they reach nothing else.
 */
package io.middlemile.agent;
