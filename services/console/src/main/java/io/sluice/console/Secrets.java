package io.sluice.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Hides secrets in what the console shows: a value whose key names a password, secret, token, credential or key is
 * {@code "***"}, and a URL's user information ({@code postgres://user:pass@host}) is dropped.
 */
final class Secrets {
    static final String MASK = "***";
    private static final Pattern SECRET_KEY = Pattern.compile(
            ".*(password|passwd|secret|token|credential|jaas|api[_.-]?key|private[_.-]?key|(^|[_.-])key$).*");
    private static final Pattern URL_USERINFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s]+@");

    private Secrets() {}

    static boolean isSecretKey(String key) {
        return SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches();
    }

    /** A copy of {@code node} with secret values masked, at any depth. */
    static JsonNode mask(JsonNode node) {
        JsonNode copy = node.deepCopy();
        maskInPlace(copy);
        return copy;
    }

    private static void maskInPlace(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
            java.util.List<String> secret = new java.util.ArrayList<>();
            java.util.Map<String, String> urls = new java.util.HashMap<>();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                if (isSecretKey(e.getKey()) && !e.getValue().isContainerNode()) {
                    secret.add(e.getKey());
                } else if (e.getValue().isTextual()) {
                    String v = e.getValue().asText();
                    String stripped = stripUserInfo(v);
                    if (!stripped.equals(v)) {
                        urls.put(e.getKey(), stripped);
                    }
                } else {
                    maskInPlace(e.getValue());
                }
            }
            secret.forEach(k -> object.put(k, MASK));
            urls.forEach(object::put);
        } else if (node.isArray()) {
            node.forEach(Secrets::maskInPlace);
        }
    }

    static String stripUserInfo(String value) {
        return URL_USERINFO.matcher(value).replaceAll("$1***@");
    }
}
