package com.polardbx.tests.tpch;

/**
 * Comment text in the manner of TPC-H clause 4.2.2.10: a fixed pool of pseudo-English sentences built from the spec's
 * grammar (noun phrase, verb phrase, prepositional phrase, terminator) and word lists; a comment is a substring of the
 * pool at a random offset with a random length. Immutable, thread-safe.
 */
final class TpchText {
    private static final String[] NOUNS = {"packages", "requests", "accounts", "deposits", "foxes", "ideas",
        "theodolites", "pinto beans", "instructions", "dependencies", "excuses", "platelets", "asymptotes", "courts",
        "dolphins", "multipliers", "sauternes", "warthogs", "frets", "dinos", "attainments", "somas", "Tiresias",
        "patterns", "forges", "braids", "hockey players", "frays", "warhorses", "dugouts", "notornis", "epitaphs",
        "pearls", "tithes", "waters", "orbits", "gifts", "sheaves", "depths", "sentiments", "decoys", "realms", "pains",
        "grouches", "escapades"};
    private static final String[] VERBS = {"sleep", "wake", "are", "cajole", "haggle", "nag", "use", "boost", "affix",
        "detect", "integrate", "maintain", "nod", "was", "lose", "sublate", "solve", "thrash", "promise", "engage",
        "hinder", "print", "x-ray", "breach", "eat", "grow", "impress", "mold", "poach", "serve", "run", "dazzle",
        "snooze", "doze", "unwind", "kindle", "play", "hang", "believe", "doubt"};
    private static final String[] ADJECTIVES = {"special", "pending", "unusual", "express", "furious", "sly",
        "careful", "blithe", "quick", "fluffy", "slow", "quiet", "ruthless", "thin", "close", "dogged", "daring",
        "brave", "stealthy", "permanent", "enticing", "idle", "busy", "regular", "final", "ironic", "even", "bold",
        "silent"};
    private static final String[] ADVERBS = {"sometimes", "always", "never", "furiously", "slyly", "carefully",
        "blithely", "quickly", "fluffily", "slowly", "quietly", "ruthlessly", "thinly", "closely", "doggedly",
        "daringly", "bravely", "stealthily", "permanently", "enticingly", "idly", "busily", "regularly", "finally",
        "ironically", "evenly", "boldly", "silently"};
    private static final String[] PREPOSITIONS = {"about", "above", "according to", "across", "after", "against",
        "along", "alongside of", "among", "around", "at", "atop", "before", "behind", "beneath", "beside", "besides",
        "between", "beyond", "by", "despite", "during", "except", "for", "from", "in place of", "inside",
        "instead of", "into", "near", "of", "on", "outside", "over", "past", "since", "through", "throughout", "to",
        "toward", "under", "until", "up", "upon", "without", "with", "within"};
    private static final String[] AUXILIARIES = {"do", "may", "might", "shall", "will", "would", "can", "could",
        "should", "ought to", "must", "will have to", "shall have to", "could have to", "should have to",
        "must have to", "need to", "try to"};
    private static final String[] TERMINATORS = {".", ";", ":", "?", "!", "--"};

    private static final int POOL_SIZE = 1 << 21;
    private static final long POOL_SEED = 0x7e47L;

    private final String pool;

    TpchText() {
        StringBuilder sb = new StringBuilder(POOL_SIZE + 200);
        for (long sentence = 0; sb.length() < POOL_SIZE; sentence++) {
            appendSentence(sb, new TpchRandom(POOL_SEED, sentence));
            sb.append(' ');
        }
        pool = sb.toString();
    }

    /** A comment whose length is uniform in [minLength, maxLength]. */
    String comment(TpchRandom random, int minLength, int maxLength) {
        int length = random.between(minLength, maxLength);
        int offset = random.between(0, pool.length() - length - 1);
        return pool.substring(offset, offset + length);
    }

    private static void appendSentence(StringBuilder sb, TpchRandom r) {
        switch (r.between(0, 4)) {
            case 0 -> {
                nounPhrase(sb, r);
                verbPhrase(sb, r);
            }
            case 1 -> {
                nounPhrase(sb, r);
                verbPhrase(sb, r);
                prepositionalPhrase(sb, r);
            }
            case 2 -> {
                nounPhrase(sb, r);
                verbPhrase(sb, r);
                nounPhrase(sb, r);
            }
            case 3 -> {
                nounPhrase(sb, r);
                prepositionalPhrase(sb, r);
                verbPhrase(sb, r);
                nounPhrase(sb, r);
            }
            default -> {
                nounPhrase(sb, r);
                prepositionalPhrase(sb, r);
                verbPhrase(sb, r);
                prepositionalPhrase(sb, r);
            }
        }
        sb.setLength(sb.length() - 1); // the trailing space of the last word
        sb.append(r.pick(TERMINATORS));
    }

    private static void nounPhrase(StringBuilder sb, TpchRandom r) {
        switch (r.between(0, 3)) {
            case 0 -> words(sb, r.pick(NOUNS));
            case 1 -> words(sb, r.pick(ADJECTIVES), r.pick(NOUNS));
            case 2 -> words(sb, r.pick(ADJECTIVES) + ",", r.pick(ADJECTIVES), r.pick(NOUNS));
            default -> words(sb, r.pick(ADVERBS), r.pick(ADJECTIVES), r.pick(NOUNS));
        }
    }

    private static void verbPhrase(StringBuilder sb, TpchRandom r) {
        switch (r.between(0, 3)) {
            case 0 -> words(sb, r.pick(VERBS));
            case 1 -> words(sb, r.pick(AUXILIARIES), r.pick(VERBS));
            case 2 -> words(sb, r.pick(VERBS), r.pick(ADVERBS));
            default -> words(sb, r.pick(AUXILIARIES), r.pick(VERBS), r.pick(ADVERBS));
        }
    }

    private static void prepositionalPhrase(StringBuilder sb, TpchRandom r) {
        words(sb, r.pick(PREPOSITIONS), "the");
        nounPhrase(sb, r);
    }

    /** Appends each word followed by a space. */
    private static void words(StringBuilder sb, String... ws) {
        for (String w : ws) {
            sb.append(w).append(' ');
        }
    }
}
