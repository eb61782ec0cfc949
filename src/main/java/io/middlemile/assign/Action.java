package io.middlemile.assign;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** What a matching rule does: give the lead to a named owner, to the matched account's owner, or to a pool. */
public sealed interface Action {

    /** A fixed owner (a rep, a queue user); skipped only when out of office. */
    record NamedOwner(String owner) implements Action {
        public NamedOwner {
            requireText(owner, "owner");
        }
    }

    /** The owner of the account the lead's company matches (email domain, company domain, company name). */
    record AccountOwner() implements Action {
    }

    /** The next available owner of a weighted pool; see {@link RoundRobin}. */
    record RoundRobinPool(Pool pool) implements Action {
        public RoundRobinPool {
            Objects.requireNonNull(pool, "pool");
        }
    }

    /**
     * Owners who share leads in proportion to their weights.
     *
     * @param name    the pool's name, also the key of its round-robin state; rules naming the same pool share it
     * @param members in order; the order breaks ties, so the rotation is deterministic
     */
    record Pool(String name, List<Member> members) {
        public Pool {
            requireText(name, "pool name");
            members = List.copyOf(members);
            if (members.isEmpty()) {
                throw new IllegalArgumentException("pool " + name + " has no members");
            }
            Set<String> owners = new HashSet<>();
            for (Member member : members) {
                if (!owners.add(member.owner())) {
                    throw new IllegalArgumentException("pool " + name + " lists " + member.owner() + " twice");
                }
            }
        }
    }

    /**
     * @param owner    owner id (CRM user id)
     * @param weight   share of the pool's leads, at least 1
     * @param capacity limits beyond which the owner is skipped; {@link Capacity#UNLIMITED} for none
     */
    record Member(String owner, int weight, Capacity capacity) {
        public Member {
            requireText(owner, "owner");
            if (weight < 1) {
                throw new IllegalArgumentException("weight of " + owner + " must be at least 1, was " + weight);
            }
            capacity = capacity == null ? Capacity.UNLIMITED : capacity;
        }

        public static Member of(String owner, int weight) {
            return new Member(owner, weight, Capacity.UNLIMITED);
        }
    }

    /**
     * @param openLeads   most open leads the owner may hold, or null for no limit
     * @param leadsPerDay most leads the owner may receive today, or null for no limit
     */
    record Capacity(Integer openLeads, Integer leadsPerDay) {
        public static final Capacity UNLIMITED = new Capacity(null, null);

        public Capacity {
            if ((openLeads != null && openLeads < 0) || (leadsPerDay != null && leadsPerDay < 0)) {
                throw new IllegalArgumentException("capacity cannot be negative");
            }
        }
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
    }
}
