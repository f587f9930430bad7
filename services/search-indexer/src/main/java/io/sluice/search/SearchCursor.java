package io.sluice.search;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The position after the last result of a page, in the ranking order of {@link SearchQuery}: its number of matched
 * tokens and its product id. Encoded as opaque URL-safe text; a cursor that does not decode is a bad request.
 *
 * @param matched matched query tokens of the last result
 * @param productId the last result's id
 */
public record SearchCursor(int matched, long productId) {

    public String encode() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((matched + ":" + productId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @throws IllegalArgumentException when the text is not a cursor
     */
    public static SearchCursor decode(String text) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int colon = s.indexOf(':');
            return new SearchCursor(Integer.parseInt(s.substring(0, colon)), Long.parseLong(s.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a cursor: " + text, e);
        }
    }

    /** Whether a result with {@code matched} tokens and id {@code productId} comes after this cursor. */
    public boolean precedes(int matched, long productId) {
        return matched < this.matched || (matched == this.matched && productId > this.productId);
    }
}
