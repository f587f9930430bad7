package io.sluice.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seed's tokeniser (SPEC.md §5.5): lower-case, then every maximal run of Unicode word characters (letters,
 * digits, marks, connector punctuation such as {@code _}), de-duplicated in order of first appearance. No stop-words,
 * no stemming, no minimum length. "High-Performance Wireless Mouse" → high, performance, wireless, mouse; "27-inch 4K
 * monitor" → 27, inch, 4k, monitor; "Café crème" → café, crème. Queries are tokenised the same way.
 */
public final class SearchTokens {
    private static final Pattern WORD = Pattern.compile("\\w+", Pattern.UNICODE_CHARACTER_CLASS);

    private SearchTokens() {}

    /** The distinct tokens of the texts, in order of first appearance; null texts are skipped. */
    public static List<String> of(String... texts) {
        Set<String> tokens = new LinkedHashSet<>();
        for (String text : texts) {
            if (text == null) {
                continue;
            }
            Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
            while (m.find()) {
                tokens.add(m.group());
            }
        }
        return new ArrayList<>(tokens);
    }
}
