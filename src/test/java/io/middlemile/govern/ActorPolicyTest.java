package io.middlemile.govern;

import io.middlemile.workspace.PolicyConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Policy rules and caps that match who asks for a write (job, person, agent): plain Java, no database. */
class ActorPolicyTest {

    private static final Actor HYGIENE_BOT = Actor.agent("hygiene-bot");
    private static final Actor OTHER_BOT = Actor.agent("outreach-bot");
    private static final Actor NIGHTLY = Actor.job("nightly-sync");
    private static final Actor ANA = Actor.person("ana@revops");

    /** The example: every agent's sends go to review; one agent may fix phones; other agents may not touch them. */
    private static final PolicyConfig POLICY = new PolicyConfig("auto", List.of(
            new PolicyConfig.Rule("agent:*", null, null, "send", null, null, null, "review"),
            new PolicyConfig.Rule("agent:hygiene-bot", "contacts", "phone", null, null, null, null, "auto"),
            new PolicyConfig.Rule("agent:*", "contacts", "phone", null, null, null, null, "deny"),
            new PolicyConfig.Rule(null, "contacts", "lifecyclestage", null, null, null, null, "review")), List.of());

    private static PolicyVerdict decide(Actor actor, String field, WriteAction action) {
        return PolicyEngine.decide(POLICY, actor, "contacts", field, action, 0, 0, null);
    }

    @Test
    void actorGlobsMatchTheWholeIdAndStarsAnyRun() {
        assertThat(HYGIENE_BOT.matches("agent:*")).isTrue();
        assertThat(HYGIENE_BOT.matches("agent:hygiene-*")).isTrue();
        assertThat(HYGIENE_BOT.matches("agent:hygiene-bot")).isTrue();
        assertThat(HYGIENE_BOT.matches("*")).isTrue();
        assertThat(HYGIENE_BOT.matches("agent:hygiene")).as("no prefix match without a star").isFalse();
        assertThat(HYGIENE_BOT.matches("person:*")).isFalse();
        assertThat(NIGHTLY.matches("agent:*")).isFalse();
        assertThat(Actor.agent("a.b").matches("agent:a?b")).as("glob characters other than * are literal").isFalse();
        assertThat(Actor.parse("agent:hygiene-bot")).isEqualTo(HYGIENE_BOT);
        assertThatThrownBy(() -> Actor.parse("robot:x")).hasMessageContaining("job, person, agent");
    }

    @Test
    void aPolicysAutoDefaultIsAPersonsDecisionForAnAgentThatNoRuleMatches() {
        // the write's field and action match no rule: the default decides, auto for jobs and people, review for agents
        PolicyVerdict agent = decide(HYGIENE_BOT, "email", WriteAction.UPDATE);
        assertThat(agent.kind()).isEqualTo(PolicyVerdict.Kind.REVIEW);
        assertThat(agent.rule()).startsWith("policy.default auto, but not for agents").contains("agent:hygiene-bot")
                .contains("decision: auto lets it act at once");
        assertThat(decide(HYGIENE_BOT, "email", WriteAction.SPEND).kind()).as("a paid lookup too").isEqualTo(PolicyVerdict.Kind.REVIEW);
        assertThat(decide(NIGHTLY, "email", WriteAction.UPDATE)).isEqualTo(new PolicyVerdict(PolicyVerdict.Kind.AUTO, "policy.default auto"));
        assertThat(decide(ANA, "email", WriteAction.UPDATE).kind()).isEqualTo(PolicyVerdict.Kind.AUTO);
        // a rule that matches the agent still lets it act at once, and a stricter default stays as it is
        assertThat(decide(HYGIENE_BOT, "phone", WriteAction.UPDATE).kind()).isEqualTo(PolicyVerdict.Kind.AUTO);
        PolicyConfig denying = new PolicyConfig("deny", List.of(), List.of());
        assertThat(PolicyEngine.decide(denying, HYGIENE_BOT, "contacts", "email", WriteAction.UPDATE, 0, 0, null).kind())
                .isEqualTo(PolicyVerdict.Kind.DENY);
    }

    @Test
    void rulesWithAnActorDecideOnlyForTheActorsTheyMatch() {
        assertThat(decide(HYGIENE_BOT, null, WriteAction.SEND).kind()).isEqualTo(PolicyVerdict.Kind.REVIEW);
        assertThat(decide(NIGHTLY, null, WriteAction.SEND).kind()).as("a job's sends are not an agent's").isEqualTo(PolicyVerdict.Kind.AUTO);

        assertThat(decide(HYGIENE_BOT, "phone", WriteAction.UPDATE).kind()).isEqualTo(PolicyVerdict.Kind.AUTO);
        PolicyVerdict other = decide(OTHER_BOT, "phone", WriteAction.UPDATE);
        assertThat(other.kind()).isEqualTo(PolicyVerdict.Kind.DENY);
        assertThat(other.rule()).isEqualTo("policy.rules[2] (actor=agent:*, object=contacts, field=phone → deny)");
        assertThat(decide(ANA, "phone", WriteAction.UPDATE).kind()).isEqualTo(PolicyVerdict.Kind.AUTO);
        assertThat(decide(null, "phone", WriteAction.UPDATE).kind()).as("no actor: only rules without one").isEqualTo(PolicyVerdict.Kind.AUTO);

        // a rule without an actor applies to everyone, agents included
        assertThat(decide(HYGIENE_BOT, "lifecyclestage", WriteAction.UPDATE).kind()).isEqualTo(PolicyVerdict.Kind.REVIEW);
        assertThat(decide(NIGHTLY, "lifecyclestage", WriteAction.UPDATE).kind()).isEqualTo(PolicyVerdict.Kind.REVIEW);
    }

    @Test
    void aPersonsApprovalNeverLiftsAnAgentsDeny() {
        PolicyGate approved = new PolicyGate(POLICY, "approved review #3 by ana@revops", OTHER_BOT);

        assertThat(approved.decide("contacts", "phone", WriteAction.UPDATE, new ActionVolume(0, 0), null).kind())
                .isEqualTo(PolicyVerdict.Kind.DENY);
        assertThat(approved.decide("contacts", null, WriteAction.SEND, new ActionVolume(0, 0), null).kind())
                .isEqualTo(PolicyVerdict.Kind.AUTO);
    }

    @Test
    void capsWithAnActorCountThatActorsWritesAndApplyOnlyToIt() {
        PolicyConfig policy = new PolicyConfig("auto", List.of(), List.of(
                new PolicyConfig.Cap("agent:*", "update", 2, 10),
                new PolicyConfig.Cap("update", 1000, null)));
        List<PolicyConfig.Cap> agentCaps = new PolicyGate(policy, null, HYGIENE_BOT).caps();
        List<PolicyConfig.Cap> jobCaps = new PolicyGate(policy, null, NIGHTLY).caps();
        assertThat(agentCaps).hasSize(2);
        assertThat(jobCaps).extracting(PolicyConfig.Cap::actor).containsOnlyNulls();

        // the connection made 900 updates today, this agent 9 of them: the agent's cap counts its own 9
        CapGate.Volumes volumes = new CapGate.Volumes() {
            @Override
            public ActionVolume of(WriteAction action, boolean withToday) {
                return new ActionVolume(0, withToday ? 900 : 0);
            }

            @Override
            public ActionVolume ofActor(WriteAction action, boolean withToday) {
                return new ActionVolume(0, withToday ? 9 : 0);
            }
        };
        assertThatCode(() -> CapGate.enforce("crm", agentCaps, Map.of(WriteAction.UPDATE, 1L), volumes, false, CapGate.Batch.PAGE))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> CapGate.enforce("crm", agentCaps, Map.of(WriteAction.UPDATE, 2L), volumes, false, CapGate.Batch.PAGE))
                .isInstanceOf(WritesHaltedException.class)
                .hasMessageContaining("Daily cap reached at crm (the cap for actor agent:*): 9 update writes today");
        assertThatThrownBy(() -> CapGate.enforce("crm", agentCaps, Map.of(WriteAction.UPDATE, 3L), volumes, true, CapGate.Batch.PAGE))
                .isInstanceOf(WritesHaltedException.class)
                .hasMessageContaining("(the cap for actor agent:*): this run already made 0 update writes")
                .hasMessageContaining("over perRun 2");
        assertThatCode(() -> CapGate.enforce("crm", jobCaps, Map.of(WriteAction.UPDATE, 3L), volumes, false, CapGate.Batch.PAGE))
                .as("a job is not held to the agents' cap").doesNotThrowAnyException();
    }

    @Test
    void actorGlobsInPolicyFilesAreCheckedForAKind() {
        assertThat(PolicyConfig.actorProblem("agent:*")).isNull();
        assertThat(PolicyConfig.actorProblem("*")).isNull();
        assertThat(PolicyConfig.actorProblem("job:nightly-*")).isNull();
        assertThat(PolicyConfig.actorProblem("hygiene-bot")).contains("names no kind of actor").contains("agent:");
        assertThat(PolicyConfig.actorProblem("agents:*")).contains("names no kind of actor");
        assertThat(PolicyConfig.actorProblem("agent:")).contains("write \"agent:*\" for every agent");
    }
}
