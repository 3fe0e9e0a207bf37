// The Front desk panel of the Hotel Lock integration.
import "./panel";
