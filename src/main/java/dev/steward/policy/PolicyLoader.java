package dev.steward.policy;

import dev.steward.policy.internal.Fields;
import dev.steward.policy.internal.Node;
import dev.steward.policy.internal.PolicyBinder;
import dev.steward.policy.internal.Problems;
import dev.steward.policy.internal.TextContext;
import dev.steward.policy.internal.YamlTree;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads, validates and freezes a policy file (and the translation files it names). Either every
 * check passes and a {@link Policy} comes back, or a {@link PolicyException} lists every problem with
 * its file, line and column. Stateless and thread-safe.
 */
public final class PolicyLoader {

    /** Loads {@code file}; throws {@link PolicyException} listing every problem. */
    public Policy load(Path file) {
        Objects.requireNonNull(file, "file");
        Problems problems = new Problems();
        String name = file.toString();
        Optional<String> text = read(file, name, problems);
        Optional<Policy> policy = text.flatMap(content -> parse(file, name, content, problems));
        if (policy.isEmpty() || !problems.isEmpty()) {
            throw new PolicyException(problems.sorted());
        }
        return policy.get();
    }

    /**
     * Loads policy text that does not come from a file of its own (the copy of the reference policy
     * inside the jar); {@code name} is used in problem reports. Translation files are resolved against
     * the working directory.
     */
    public Policy load(String name, String content) {
        Objects.requireNonNull(content, "content");
        Problems problems = new Problems();
        Optional<Policy> policy = parse(Path.of(name), name, content, problems);
        if (policy.isEmpty() || !problems.isEmpty()) {
            throw new PolicyException(problems.sorted());
        }
        return policy.get();
    }

    /** Every problem in {@code file}; empty when it is clean. */
    public List<Problem> lint(Path file) {
        try {
            load(file);
            return List.of();
        } catch (PolicyException e) {
            return e.problems();
        }
    }

    private Optional<Policy> parse(Path file, String name, String content, Problems problems) {
        Optional<Node> root = YamlTree.parse(name, content, problems.list());
        if (root.isEmpty()) {
            return Optional.empty();
        }
        PolicyBinder binder = new PolicyBinder(problems);
        Optional<PolicyBinder.Header> header = binder.header(root.get());
        if (header.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Map<String, String>> translations = new HashMap<>();
        for (String translation : header.get().translationFiles()) {
            readTranslation(file.resolveSibling(translation), header.get(), problems, translations);
        }
        TextContext context = new TextContext(problems, header.get().languages(), translations);
        return binder.bind(root.get(), context);
    }

    /**
     * A translation file adds one language: {@code translation: {of: POLICY_ID, language: ms}} and
     * {@code texts: {PATH: text}}, where PATH names a text of the policy such as {@code purposes.provide.title}.
     */
    private void readTranslation(Path file, PolicyBinder.Header policy, Problems problems,
                                 Map<String, Map<String, String>> into) {
        String name = file.toString();
        Optional<Node> root = read(file, name, problems)
                .flatMap(content -> YamlTree.parse(name, content, problems.list()));
        if (root.isEmpty()) {
            return;
        }
        TextContext plain = new TextContext(problems, List.of(), Map.of());
        Fields.open(plain, root.get(), "", root.get().location(), Set.of("translation", "texts"),
                Set.of("translation", "texts")).ifPresent(fields -> {
                    Optional<Fields> header = fields.nested("translation", Set.of("of", "language"),
                            Set.of("of", "language"));
                    String language = header.map(about -> about.string("language")).orElse("");
                    header.ifPresent(about -> checkTranslationHeader(about, policy, problems));
                    Map<String, String> texts = into.computeIfAbsent(language, key -> new HashMap<>());
                    for (Node.Entry entry : fields.entries("texts")) {
                        if (entry.value() instanceof Node.ScalarNode scalar) {
                            texts.put(entry.key(), scalar.text().strip());
                        } else {
                            problems.add(entry.value().location(), "WRONG_TYPE", "translated text '" + entry.key()
                                    + "' must be text");
                        }
                    }
                });
    }

    private static void checkTranslationHeader(Fields about, PolicyBinder.Header policy, Problems problems) {
        if (!about.string("of").equals(policy.id())) {
            problems.add(about.locationOf("of"), "TRANSLATION_MISMATCH", "this translation is of '" + about.string("of")
                    + "', but the policy id is '" + policy.id() + "'");
        }
        if (!policy.languages().contains(about.string("language"))) {
            problems.add(about.locationOf("language"), "UNKNOWN_LANGUAGE", "language '" + about.string("language")
                    + "' is not listed in policy.languages " + policy.languages());
        }
    }

    private static Optional<String> read(Path file, String name, Problems problems) {
        Node.Location start = new Node.Location(name, 1, 1);
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            problems.add(start, "FILE_NOT_FOUND", "no such file");
        } catch (MalformedInputException e) {
            problems.add(start, "BAD_ENCODING", "the file is not UTF-8 text");
        } catch (IOException e) {
            problems.add(start, "FILE_UNREADABLE", "cannot read the file: " + e.getClass().getSimpleName());
        }
        return Optional.empty();
    }
}
