// The widgets' single entry point: each module defines one custom element
// that enhances server-rendered HTML which already works without it.
import "./compare";
import "./matchup";
import "./scoreboard";
import "./timeline";
import "./since";
import "./embedded";
