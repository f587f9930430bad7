package io.sluice.bench.search;

import io.sluice.bench.inventory.CdcEvents;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generated products for {@code bench search}: names and descriptions drawn from a small shop vocabulary (brands,
 * adjectives, materials, product nouns, features) with Zipf-like weights, so that tokens have realistic frequencies
 * (a few very common — "wireless", "black", "mouse" — and a long tail, down to model numbers seen a handful of
 * times); prices log-uniform between 0.99 and 1999.99, one product in ten out of stock. Queries are drawn from the
 * same vocabulary with the same weights: one to three tokens, a third of them typed half-way (the last token cut to a
 * prefix), some with a price cap or the in-stock filter. Deterministic for a seed. Not thread-safe.
 */
final class ProductCatalog {
    private static final String[] BRANDS = {
        "Acme", "Nordic", "Zenith", "Orion", "Apex", "Vertex", "Lumen", "Solace", "Kestrel", "Harbor", "Pioneer",
        "Summit", "Atlas", "Nimbus", "Cobalt", "Ember", "Falcon", "Granite", "Juniper", "Maple"
    };
    private static final String[] ADJECTIVES = {
        "Wireless", "Ergonomic", "Compact", "Portable", "Premium", "Classic", "Smart", "Waterproof", "Rechargeable",
        "Mechanical", "Ultra", "Slim", "Heavy-Duty", "Professional", "Deluxe", "Mini", "Digital", "Bluetooth",
        "Organic", "Stainless", "Adjustable", "Foldable", "Lightweight", "Silent", "Gaming", "Vintage", "Modern",
        "Durable", "Eco-Friendly", "High-Performance"
    };
    private static final String[] MATERIALS = {
        "Black",
        "White",
        "Blue",
        "Red",
        "Green",
        "Grey",
        "Silver",
        "Oak",
        "Bamboo",
        "Leather",
        "Cotton",
        "Steel",
        "Aluminium",
        "Glass",
        "Ceramic",
        "Wool",
        "Carbon",
        "Rose",
        "Gold",
        "Walnut"
    };
    private static final String[] NOUNS = {
        "Mouse",
        "Keyboard",
        "Monitor",
        "Headphones",
        "Speaker",
        "Charger",
        "Cable",
        "Lamp",
        "Chair",
        "Desk",
        "Backpack",
        "Bottle",
        "Mug",
        "Kettle",
        "Blender",
        "Toaster",
        "Watch",
        "Camera",
        "Tripod",
        "Router",
        "Drive",
        "Tablet",
        "Phone",
        "Case",
        "Stand",
        "Mat",
        "Pillow",
        "Blanket",
        "Jacket",
        "Shoes",
        "Sneakers",
        "Socks",
        "Shirt",
        "Scarf",
        "Wallet",
        "Belt",
        "Sunglasses",
        "Notebook",
        "Pen",
        "Pencil",
        "Knife",
        "Pan",
        "Pot",
        "Grill",
        "Tent",
        "Lantern",
        "Bicycle",
        "Helmet",
        "Gloves",
        "Towel",
        "Shelf",
        "Mirror",
        "Clock",
        "Fan",
        "Heater",
        "Vacuum",
        "Printer",
        "Microphone",
        "Webcam",
        "Hub"
    };
    private static final String[] FEATURES = {
        "USB-C charging",
        "a 2-year warranty",
        "free returns",
        "4K resolution",
        "noise cancelling",
        "dishwasher-safe parts",
        "machine-washable fabric",
        "a 30-day trial",
        "fast charging",
        "a carrying pouch",
        "soft-touch finish",
        "replaceable batteries",
        "recycled packaging",
        "café-grade quality",
        "a crème finish"
    };

    /** One product row. */
    record Product(long id, String name, String description, BigDecimal price, int stock) {
        CdcEvents.Product row(long createdMicros, long updatedMicros) {
            return new CdcEvents.Product(id, name, description, price, stock, createdMicros, updatedMicros);
        }
    }

    /** One search request: {@code q}, an optional price cap in currency units, the in-stock filter. */
    record Query(String q, String maxPrice, boolean inStock) {}

    private final SplittableRandom random;

    ProductCatalog(long seed) {
        this.random = new SplittableRandom(seed);
    }

    Product product(long id) {
        StringBuilder name = new StringBuilder();
        if (random.nextInt(10) < 7) {
            name.append(zipf(BRANDS)).append(' ');
        }
        name.append(zipf(ADJECTIVES)).append(' ');
        if (random.nextInt(10) < 3) {
            name.append(zipf(ADJECTIVES)).append(' ');
        }
        if (random.nextBoolean()) {
            name.append(zipf(MATERIALS)).append(' ');
        }
        String noun = zipf(NOUNS);
        name.append(noun);
        if (random.nextInt(10) < 3) {
            name.append(' ').append((char) ('A' + random.nextInt(26))).append(100 + random.nextInt(900));
        }
        String description = random.nextInt(10) == 0
                ? null
                : zipf(ADJECTIVES) + " " + noun.toLowerCase(java.util.Locale.ROOT) + " in "
                        + zipf(MATERIALS).toLowerCase(java.util.Locale.ROOT) + ", with " + zipf(FEATURES) + ".";
        // Log-uniform 0.99 .. 1999.99.
        double units = Math.exp(Math.log(0.99) + random.nextDouble() * (Math.log(1999.99) - Math.log(0.99)));
        BigDecimal price = BigDecimal.valueOf(Math.round(units * 100), 2);
        int stock = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(500);
        return new Product(id, name.toString(), description, price, stock);
    }

    /** The product after a catalogue change: a new price and stock, sometimes a new name. */
    Product update(Product p) {
        Product fresh = product(p.id());
        return new Product(
                p.id(),
                random.nextInt(4) == 0 ? fresh.name() : p.name(),
                p.description(),
                fresh.price(),
                fresh.stock());
    }

    Query query() {
        List<String> words = new ArrayList<>();
        int extra = random.nextInt(3);
        if (extra >= 1) {
            words.add(random.nextBoolean() ? zipf(BRANDS) : zipf(MATERIALS));
        }
        if (extra >= 2) {
            words.add(zipf(ADJECTIVES).split("-")[0]);
        }
        words.add(zipf(NOUNS));
        String last = words.getLast().toLowerCase(java.util.Locale.ROOT);
        if (random.nextInt(3) == 0 && last.length() > 3) {
            words.set(words.size() - 1, last.substring(0, 2 + random.nextInt(last.length() - 2)));
        }
        String cap = random.nextInt(5) == 0 ? Integer.toString(10 + random.nextInt(500)) : null;
        return new Query(String.join(" ", words).toLowerCase(java.util.Locale.ROOT), cap, random.nextInt(10) == 0);
    }

    /** An element with weight 1/(rank+1). */
    private String zipf(String[] words) {
        double total = 0;
        for (int i = 0; i < words.length; i++) {
            total += 1.0 / (i + 1);
        }
        double x = random.nextDouble() * total;
        for (int i = 0; i < words.length; i++) {
            x -= 1.0 / (i + 1);
            if (x <= 0) {
                return words[i];
            }
        }
        return words[words.length - 1];
    }
}
