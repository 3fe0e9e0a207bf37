var K=globalThis,q=K.ShadowRoot&&(K.ShadyCSS===void 0||K.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,t1=Symbol(),z1=new WeakMap,_=class{constructor(C,H,V){if(this._$cssResult$=!0,V!==t1)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=C,this.t=H}get styleSheet(){let C=this.o,H=this.t;if(q&&C===void 0){let V=H!==void 0&&H.length===1;V&&(C=z1.get(H)),C===void 0&&((this.o=C=new CSSStyleSheet).replaceSync(this.cssText),V&&z1.set(H,C))}return C}toString(){return this.cssText}},K1=M=>new _(typeof M=="string"?M:M+"",void 0,t1),x=(M,...C)=>{let H=M.length===1?M[0]:C.reduce((V,L,r)=>V+(t=>{if(t._$cssResult$===!0)return t.cssText;if(typeof t=="number")return t;throw Error("Value passed to 'css' function must be a 'css' function result: "+t+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(L)+M[r+1],M[0]);return new _(H,M,t1)},q1=(M,C)=>{if(q)M.adoptedStyleSheets=C.map(H=>H instanceof CSSStyleSheet?H:H.styleSheet);else for(let H of C){let V=document.createElement("style"),L=K.litNonce;L!==void 0&&V.setAttribute("nonce",L),V.textContent=H.cssText,M.appendChild(V)}},i1=q?M=>M:M=>M instanceof CSSStyleSheet?(C=>{let H="";for(let V of C.cssRules)H+=V.cssText;return K1(H)})(M):M;var{is:g2,defineProperty:f2,getOwnPropertyDescriptor:k2,getOwnPropertyNames:y2,getOwnPropertySymbols:b2,getPrototypeOf:w2}=Object,j=globalThis,j1=j.trustedTypes,B2=j1?j1.emptyScript:"",P2=j.reactiveElementPolyfillSupport,T=(M,C)=>M,o1={toAttribute(M,C){switch(C){case Boolean:M=M?B2:null;break;case Object:case Array:M=M==null?M:JSON.stringify(M)}return M},fromAttribute(M,C){let H=M;switch(C){case Boolean:H=M!==null;break;case Number:H=M===null?null:Number(M);break;case Object:case Array:try{H=JSON.parse(M)}catch{H=null}}return H}},Y1=(M,C)=>!g2(M,C),X1={attribute:!0,type:String,converter:o1,reflect:!1,useDefault:!1,hasChanged:Y1};Symbol.metadata??=Symbol("metadata"),j.litPropertyMetadata??=new WeakMap;var s=class extends HTMLElement{static addInitializer(C){this._$Ei(),(this.l??=[]).push(C)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(C,H=X1){if(H.state&&(H.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(C)&&((H=Object.create(H)).wrapped=!0),this.elementProperties.set(C,H),!H.noAccessor){let V=Symbol(),L=this.getPropertyDescriptor(C,V,H);L!==void 0&&f2(this.prototype,C,L)}}static getPropertyDescriptor(C,H,V){let{get:L,set:r}=k2(this.prototype,C)??{get(){return this[H]},set(t){this[H]=t}};return{get:L,set(t){let i=L?.call(this);r?.call(this,t),this.requestUpdate(C,i,V)},configurable:!0,enumerable:!0}}static getPropertyOptions(C){return this.elementProperties.get(C)??X1}static _$Ei(){if(this.hasOwnProperty(T("elementProperties")))return;let C=w2(this);C.finalize(),C.l!==void 0&&(this.l=[...C.l]),this.elementProperties=new Map(C.elementProperties)}static finalize(){if(this.hasOwnProperty(T("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(T("properties"))){let H=this.properties,V=[...y2(H),...b2(H)];for(let L of V)this.createProperty(L,H[L])}let C=this[Symbol.metadata];if(C!==null){let H=litPropertyMetadata.get(C);if(H!==void 0)for(let[V,L]of H)this.elementProperties.set(V,L)}this._$Eh=new Map;for(let[H,V]of this.elementProperties){let L=this._$Eu(H,V);L!==void 0&&this._$Eh.set(L,H)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(C){let H=[];if(Array.isArray(C)){let V=new Set(C.flat(1/0).reverse());for(let L of V)H.unshift(i1(L))}else C!==void 0&&H.push(i1(C));return H}static _$Eu(C,H){let V=H.attribute;return V===!1?void 0:typeof V=="string"?V:typeof C=="string"?C.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(C=>this.enableUpdating=C),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(C=>C(this))}addController(C){(this._$EO??=new Set).add(C),this.renderRoot!==void 0&&this.isConnected&&C.hostConnected?.()}removeController(C){this._$EO?.delete(C)}_$E_(){let C=new Map,H=this.constructor.elementProperties;for(let V of H.keys())this.hasOwnProperty(V)&&(C.set(V,this[V]),delete this[V]);C.size>0&&(this._$Ep=C)}createRenderRoot(){let C=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return q1(C,this.constructor.elementStyles),C}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(C=>C.hostConnected?.())}enableUpdating(C){}disconnectedCallback(){this._$EO?.forEach(C=>C.hostDisconnected?.())}attributeChangedCallback(C,H,V){this._$AK(C,V)}_$ET(C,H){let V=this.constructor.elementProperties.get(C),L=this.constructor._$Eu(C,V);if(L!==void 0&&V.reflect===!0){let r=(V.converter?.toAttribute!==void 0?V.converter:o1).toAttribute(H,V.type);this._$Em=C,r==null?this.removeAttribute(L):this.setAttribute(L,r),this._$Em=null}}_$AK(C,H){let V=this.constructor,L=V._$Eh.get(C);if(L!==void 0&&this._$Em!==L){let r=V.getPropertyOptions(L),t=typeof r.converter=="function"?{fromAttribute:r.converter}:r.converter?.fromAttribute!==void 0?r.converter:o1;this._$Em=L;let i=t.fromAttribute(H,r.type);this[L]=i??this._$Ej?.get(L)??i,this._$Em=null}}requestUpdate(C,H,V,L=!1,r){if(C!==void 0){let t=this.constructor;if(L===!1&&(r=this[C]),V??=t.getPropertyOptions(C),!((V.hasChanged??Y1)(r,H)||V.useDefault&&V.reflect&&r===this._$Ej?.get(C)&&!this.hasAttribute(t._$Eu(C,V))))return;this.C(C,H,V)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(C,H,{useDefault:V,reflect:L,wrapped:r},t){V&&!(this._$Ej??=new Map).has(C)&&(this._$Ej.set(C,t??H??this[C]),r!==!0||t!==void 0)||(this._$AL.has(C)||(this.hasUpdated||V||(H=void 0),this._$AL.set(C,H)),L===!0&&this._$Em!==C&&(this._$Eq??=new Set).add(C))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(H){Promise.reject(H)}let C=this.scheduleUpdate();return C!=null&&await C,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[L,r]of this._$Ep)this[L]=r;this._$Ep=void 0}let V=this.constructor.elementProperties;if(V.size>0)for(let[L,r]of V){let{wrapped:t}=r,i=this[L];t!==!0||this._$AL.has(L)||i===void 0||this.C(L,void 0,r,i)}}let C=!1,H=this._$AL;try{C=this.shouldUpdate(H),C?(this.willUpdate(H),this._$EO?.forEach(V=>V.hostUpdate?.()),this.update(H)):this._$EM()}catch(V){throw C=!1,this._$EM(),V}C&&this._$AE(H)}willUpdate(C){}_$AE(C){this._$EO?.forEach(H=>H.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(C)),this.updated(C)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(C){return!0}update(C){this._$Eq&&=this._$Eq.forEach(H=>this._$ET(H,this[H])),this._$EM()}updated(C){}firstUpdated(C){}};s.elementStyles=[],s.shadowRootOptions={mode:"open"},s[T("elementProperties")]=new Map,s[T("finalized")]=new Map,P2?.({ReactiveElement:s}),(j.reactiveElementVersions??=[]).push("2.1.2");var l1=globalThis,J1=M=>M,X=l1.trustedTypes,C2=X?X.createPolicy("lit-html",{createHTML:M=>M}):void 0,e2="$lit$",S=`lit$${Math.random().toFixed(9).slice(2)}$`,t2="?"+S,_2=`<${t2}>`,O=document,R=()=>O.createComment(""),E=M=>M===null||typeof M!="object"&&typeof M!="function",v1=Array.isArray,T2=M=>v1(M)||typeof M?.[Symbol.iterator]=="function",A1=`[ 	
\f\r]`,F=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,H2=/-->/g,V2=/>/g,c=RegExp(`>|${A1}(?:([^\\s"'>=/]+)(${A1}*=${A1}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),L2=/'/g,M2=/"/g,i2=/^(?:script|style|textarea|title)$/i,x1=M=>(C,...H)=>({_$litType$:M,strings:C,values:H}),e=x1(1),r5=x1(2),e5=x1(3),g=Symbol.for("lit-noChange"),A=Symbol.for("lit-nothing"),r2=new WeakMap,h=O.createTreeWalker(O,129);function o2(M,C){if(!v1(M)||!M.hasOwnProperty("raw"))throw Error("invalid template strings array");return C2!==void 0?C2.createHTML(C):C}var F2=(M,C)=>{let H=M.length-1,V=[],L,r=C===2?"<svg>":C===3?"<math>":"",t=F;for(let i=0;i<H;i++){let o=M[i],d,p,a=-1,v=0;for(;v<o.length&&(t.lastIndex=v,p=t.exec(o),p!==null);)v=t.lastIndex,t===F?p[1]==="!--"?t=H2:p[1]!==void 0?t=V2:p[2]!==void 0?(i2.test(p[2])&&(L=RegExp("</"+p[2],"g")),t=c):p[3]!==void 0&&(t=c):t===c?p[0]===">"?(t=L??F,a=-1):p[1]===void 0?a=-2:(a=t.lastIndex-p[2].length,d=p[1],t=p[3]===void 0?c:p[3]==='"'?M2:L2):t===M2||t===L2?t=c:t===H2||t===V2?t=F:(t=c,L=void 0);let u=t===c&&M[i+1].startsWith("/>")?" ":"";r+=t===F?o+_2:a>=0?(V.push(d),o.slice(0,a)+e2+o.slice(a)+S+u):o+S+(a===-2?i:u)}return[o2(M,r+(M[H]||"<?>")+(C===2?"</svg>":C===3?"</math>":"")),V]},D=class M{constructor({strings:C,_$litType$:H},V){let L;this.parts=[];let r=0,t=0,i=C.length-1,o=this.parts,[d,p]=F2(C,H);if(this.el=M.createElement(d,V),h.currentNode=this.el.content,H===2||H===3){let a=this.el.content.firstChild;a.replaceWith(...a.childNodes)}for(;(L=h.nextNode())!==null&&o.length<i;){if(L.nodeType===1){if(L.hasAttributes())for(let a of L.getAttributeNames())if(a.endsWith(e2)){let v=p[t++],u=L.getAttribute(a).split(S),z=/([.?@])?(.*)/.exec(v);o.push({type:1,index:r,name:z[2],strings:u,ctor:z[1]==="."?d1:z[1]==="?"?p1:z[1]==="@"?m1:b}),L.removeAttribute(a)}else a.startsWith(S)&&(o.push({type:6,index:r}),L.removeAttribute(a));if(i2.test(L.tagName)){let a=L.textContent.split(S),v=a.length-1;if(v>0){L.textContent=X?X.emptyScript:"";for(let u=0;u<v;u++)L.append(a[u],R()),h.nextNode(),o.push({type:2,index:++r});L.append(a[v],R())}}}else if(L.nodeType===8)if(L.data===t2)o.push({type:2,index:r});else{let a=-1;for(;(a=L.data.indexOf(S,a+1))!==-1;)o.push({type:7,index:r}),a+=S.length-1}r++}}static createElement(C,H){let V=O.createElement("template");return V.innerHTML=C,V}};function y(M,C,H=M,V){if(C===g)return C;let L=V!==void 0?H._$Co?.[V]:H._$Cl,r=E(C)?void 0:C._$litDirective$;return L?.constructor!==r&&(L?._$AO?.(!1),r===void 0?L=void 0:(L=new r(M),L._$AT(M,H,V)),V!==void 0?(H._$Co??=[])[V]=L:H._$Cl=L),L!==void 0&&(C=y(M,L._$AS(M,C.values),L,V)),C}var a1=class{constructor(C,H){this._$AV=[],this._$AN=void 0,this._$AD=C,this._$AM=H}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(C){let{el:{content:H},parts:V}=this._$AD,L=(C?.creationScope??O).importNode(H,!0);h.currentNode=L;let r=h.nextNode(),t=0,i=0,o=V[0];for(;o!==void 0;){if(t===o.index){let d;o.type===2?d=new $(r,r.nextSibling,this,C):o.type===1?d=new o.ctor(r,o.name,o.strings,this,C):o.type===6&&(d=new n1(r,this,C)),this._$AV.push(d),o=V[++i]}t!==o?.index&&(r=h.nextNode(),t++)}return h.currentNode=O,L}p(C){let H=0;for(let V of this._$AV)V!==void 0&&(V.strings!==void 0?(V._$AI(C,V,H),H+=V.strings.length-2):V._$AI(C[H])),H++}},$=class M{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(C,H,V,L){this.type=2,this._$AH=A,this._$AN=void 0,this._$AA=C,this._$AB=H,this._$AM=V,this.options=L,this._$Cv=L?.isConnected??!0}get parentNode(){let C=this._$AA.parentNode,H=this._$AM;return H!==void 0&&C?.nodeType===11&&(C=H.parentNode),C}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(C,H=this){C=y(this,C,H),E(C)?C===A||C==null||C===""?(this._$AH!==A&&this._$AR(),this._$AH=A):C!==this._$AH&&C!==g&&this._(C):C._$litType$!==void 0?this.$(C):C.nodeType!==void 0?this.T(C):T2(C)?this.k(C):this._(C)}O(C){return this._$AA.parentNode.insertBefore(C,this._$AB)}T(C){this._$AH!==C&&(this._$AR(),this._$AH=this.O(C))}_(C){this._$AH!==A&&E(this._$AH)?this._$AA.nextSibling.data=C:this.T(O.createTextNode(C)),this._$AH=C}$(C){let{values:H,_$litType$:V}=C,L=typeof V=="number"?this._$AC(C):(V.el===void 0&&(V.el=D.createElement(o2(V.h,V.h[0]),this.options)),V);if(this._$AH?._$AD===L)this._$AH.p(H);else{let r=new a1(L,this),t=r.u(this.options);r.p(H),this.T(t),this._$AH=r}}_$AC(C){let H=r2.get(C.strings);return H===void 0&&r2.set(C.strings,H=new D(C)),H}k(C){v1(this._$AH)||(this._$AH=[],this._$AR());let H=this._$AH,V,L=0;for(let r of C)L===H.length?H.push(V=new M(this.O(R()),this.O(R()),this,this.options)):V=H[L],V._$AI(r),L++;L<H.length&&(this._$AR(V&&V._$AB.nextSibling,L),H.length=L)}_$AR(C=this._$AA.nextSibling,H){for(this._$AP?.(!1,!0,H);C!==this._$AB;){let V=J1(C).nextSibling;J1(C).remove(),C=V}}setConnected(C){this._$AM===void 0&&(this._$Cv=C,this._$AP?.(C))}},b=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(C,H,V,L,r){this.type=1,this._$AH=A,this._$AN=void 0,this.element=C,this.name=H,this._$AM=L,this.options=r,V.length>2||V[0]!==""||V[1]!==""?(this._$AH=Array(V.length-1).fill(new String),this.strings=V):this._$AH=A}_$AI(C,H=this,V,L){let r=this.strings,t=!1;if(r===void 0)C=y(this,C,H,0),t=!E(C)||C!==this._$AH&&C!==g,t&&(this._$AH=C);else{let i=C,o,d;for(C=r[0],o=0;o<r.length-1;o++)d=y(this,i[V+o],H,o),d===g&&(d=this._$AH[o]),t||=!E(d)||d!==this._$AH[o],d===A?C=A:C!==A&&(C+=(d??"")+r[o+1]),this._$AH[o]=d}t&&!L&&this.j(C)}j(C){C===A?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,C??"")}},d1=class extends b{constructor(){super(...arguments),this.type=3}j(C){this.element[this.name]=C===A?void 0:C}},p1=class extends b{constructor(){super(...arguments),this.type=4}j(C){this.element.toggleAttribute(this.name,!!C&&C!==A)}},m1=class extends b{constructor(C,H,V,L,r){super(C,H,V,L,r),this.type=5}_$AI(C,H=this){if((C=y(this,C,H,0)??A)===g)return;let V=this._$AH,L=C===A&&V!==A||C.capture!==V.capture||C.once!==V.once||C.passive!==V.passive,r=C!==A&&(V===A||L);L&&this.element.removeEventListener(this.name,this,V),r&&this.element.addEventListener(this.name,this,C),this._$AH=C}handleEvent(C){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,C):this._$AH.handleEvent(C)}},n1=class{constructor(C,H,V){this.element=C,this.type=6,this._$AN=void 0,this._$AM=H,this.options=V}get _$AU(){return this._$AM._$AU}_$AI(C){y(this,C)}};var R2=l1.litHtmlPolyfillSupport;R2?.(D,$),(l1.litHtmlVersions??=[]).push("3.3.3");var A2=(M,C,H)=>{let V=H?.renderBefore??C,L=V._$litPart$;if(L===void 0){let r=H?.renderBefore??null;V._$litPart$=L=new $(C.insertBefore(R(),r),r,void 0,H??{})}return L._$AI(M),L};var Z1=globalThis,Z=class extends s{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let C=super.createRenderRoot();return this.renderOptions.renderBefore??=C.firstChild,C}update(C){let H=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(C),this._$Do=A2(H,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return g}};Z._$litElement$=!0,Z.finalized=!0,Z1.litElementHydrateSupport?.({LitElement:Z});var E2=Z1.litElementPolyfillSupport;E2?.({LitElement:Z});(Z1.litElementVersions??=[]).push("4.2.2");var d2="hotel_lock";function m(M,C,H={}){return M.callWS({type:`${d2}/${C}`,...H})}var a2=new Map,p2=new Map;function s1(M,C=d2){let H=`${C}:${M.language}`,V=a2.get(H);return V||(V=M.loadBackendTranslation("exceptions",C).then(L=>(typeof L=="function"&&p2.set(H,L),L)).catch(()=>{}),a2.set(H,V)),V}function u1(M,C){if(C.translation_domain&&C.translation_key){let H=`component.${C.translation_domain}.exceptions.${C.translation_key}.message`,V=C.translation_placeholders??{},L=p2.get(`${C.translation_domain}:${M.language}`);for(let r of[M.localize,L]){let t=r?.(H,V);if(t&&t!==H)return t}}return C.message??""}async function W(M,C,H){let V=H??{};return V.translation_domain&&V.translation_key&&await s1(M,V.translation_domain),u1(M,V)||(H instanceof Error?H.message:"")||C("error")}var D2=["ha-top-app-bar-fixed","ha-menu-button","ha-icon-button","ha-svg-icon","ha-button","ha-dialog","ha-dialog-footer","ha-input","ha-input-search","ha-filter-chip","ha-checkbox","ha-alert","ha-spinner"],m2=()=>D2.filter(M=>!customElements.get(M));async function $2(M,C){await customElements.whenDefined("partial-panel-resolver");let H=document.createElement("partial-panel-resolver");H.hass={panels:[{url_path:"hotel-lock-tmp",component_name:M}]},H._updateRoutes?.(),await H.routerOptions?.routes["hotel-lock-tmp"]?.load?.(),await document.createElement(`ha-panel-${M}`).routerOptions?.routes[C]?.load?.()}var S1;function n2(){return S1||(S1=(async()=>{if(m2().length===0)return[];try{await $2("config","automation")}catch{}return m2()})()),S1}var l2={title:"Front desk",search:"Search rooms or guests",filter_low_battery:"Low battery",filter_arrivals:"Arrivals today",filter_departures:"Departures today",filter_problems:"Problems",filters:"Filters",rooms_count:{one:"{shown} of {count} room",other:"{shown} of {count} rooms"},no_rooms:"No room matches.",no_platform:"No lock platform is loaded. Add or reload Hotel Lock under Settings → Devices & services.",loading:"Loading rooms…",building:"Building {building}",floor:"Floor {floor}",other_rooms:"Other rooms",state_locked:"Locked",state_unlocked:"Unlocked",state_unlocking:"Unlocking…",state_unavailable:"Unavailable",state_unknown:"Unknown",unlock:"Unlock",unlock_room:"Unlock room {room}",unlock_code:"Remote unlock code",unlock_code_hint:"The code set in the integration's options (not a door PIN)",unlock_sent:"Room {room} unlocked",open_room:"Room {room}: details",battery:"Battery",battery_value:"Battery {value} %",battery_unknown:"Battery not reported yet",battery_age:"{value} % · {age}",credentials_out:{one:"{count} credential out",other:"{count} credentials out"},unconfirmed:"{count} unconfirmed",stay_now:"Guest: {guest} until {departure}",stay_next:"Next: {guest} from {arrival}",no_stay:"No stay",cancel:"Cancel",back:"Back",close:"Close",save:"Save",retry:"Retry",room:"Room",rooms:"Rooms",stays:"Stays",credentials:"Credentials",activity:"Recent activity",no_stays:"No current or upcoming stay.",no_credentials:"No credential issued through Home Assistant is out for this room.",no_activity:"Nothing yet.",kind_pin:"PIN",kind_face:"Face",kind_fingerprint:"Fingerprint",kind_offline_password:"Offline password",kind_card:"Key card",slot:"Slot {slot}",valid_until:"Valid until {when}",valid_window:"{from} – {until}",confirmed:"Confirmed at the lock",not_confirmed:"Not confirmed at the lock",card_confirmed:"Written at the encoder",card_not_confirmed:"Writing not confirmed",offline_password_confirmed:"Generated by the platform",offline_password_not_confirmed:"Generation not confirmed",revoke:"Revoke",revoke_confirm:"Revoke this {kind} now? The guest can no longer use it.",revoked:"Revoked",new_stay:"New stay",give_code:"Give a code",guest:"Guest",arrival:"Arrival",departure:"Departure",kinds:"Credentials to give",choose_rooms:"Add a room",remove_room:"Remove room {room}",create_stay:"Create stay",codes_title:"Codes for {guest}",codes_once:"Give these codes to the guest now. They can be shown again from the stay while it lasts.",copy:"Copy",copy_code:"Copy the code of room {room}",copied:"Copied",show_codes:"Show codes",code_pending:"Not at the lock yet",for_stay:"Stay of {guest}",extend:"Extend",extend_title:"Extend the stay of {guest}",new_departure:"New departure",check_out:"Check out",check_out_confirm:"Check out {guest} now? Every PIN and offline password of this stay is revoked at once. Key cards keep opening the door until they expire or are cleared at the encoder.",checked_out:"{guest} checked out",cancel_stay:"Cancel stay",cancel_stay_confirm:"Cancel the stay of {guest} now? The guest has not arrived yet: every PIN and offline password of this stay is revoked at once. Key cards keep opening the door until they expire or are cleared at the encoder.",stay_cancelled:"Stay of {guest} cancelled",cards:"Key cards",cards_title:"Key cards at the encoder",card_platform:"Lock platform",card_write:"Write a card",card_write_hint:"Put a blank or old card on the encoder, then write it.",card_for_stay:"For the stay",card_no_stay:"No stay: valid until",card_written:"Card {card} written for room {room}, valid until {until}",card_read:"Read the card",card_on_encoder:"The card on the encoder",card_read_result:"Card {card}",card_blank:"This card is blank or cleared.",card_clear:"Clear the card",card_cleared:"Card {card} cleared",status_upcoming:"Upcoming",status_ready:"Ready",status_in_progress:"In progress",status_ended:"Ended",status_cancelled:"Cancelled",source_booking:"From booking {name}",problem_unconfirmed:{one:"{count} credential not confirmed",other:"{count} credentials not confirmed"},problem_gateway_failed:"The last call to this lock failed: {message}",problem_gateway_no_answer:"The last call to this lock got no answer",problem_reauth_required:"The platform refused the appid or appsecret: re-enter it under Settings → Devices & services",problem_code_undelivered:"The code for {guest} has not reached the lock yet",problem_platform_unreachable:"The lock platform cannot be reached",problem_credentials_refused:"The platform refused the credentials: {message}",problem_room_list_suspect:"The room list looks incomplete",entry_not_loaded:"{title} is not loaded",error:"Error",action_unlock:"Unlock",action_set_pin:"Set PIN",action_clear_pin:"Clear PIN",action_set_face:"Set face",action_clear_face:"Clear face",action_set_fingerprint:"Set fingerprint",action_clear_fingerprint:"Clear fingerprint",action_generate_offline_password:"Generate offline password",action_revoke_offline_password:"Revoke offline password",action_issue_card:"Write key card",action_clear_card:"Clear key card",action_stay_ready:"Stay ready",action_check_out:"Check out",failed:"Failed",done:"Done",by_user:"by {user}",dismiss:"Dismiss",card_read_room:"Room {room}",card_valid:"Valid {from} – {until}"},W2={title:"前台",search:"搜索房间或客人",filter_low_battery:"电量低",filter_arrivals:"今日入住",filter_departures:"今日离店",filter_problems:"异常",filters:"筛选",rooms_count:"{shown} / {count} 间房",no_rooms:"没有符合条件的房间。",no_platform:"未加载任何门锁平台。请在“设置 → 设备与服务”中添加或重新加载 Hotel Lock。",loading:"正在加载房间…",building:"{building}",floor:"{floor} 层",other_rooms:"其他房间",state_locked:"已上锁",state_unlocked:"已开锁",state_unlocking:"正在开锁…",state_unavailable:"不可用",state_unknown:"未知",unlock:"开锁",unlock_room:"打开房间 {room} 的门锁",unlock_code:"开锁验证码",unlock_code_hint:"集成选项中设置的开锁验证码（不是门锁密码）",unlock_sent:"房间 {room} 已开锁",open_room:"房间 {room}：详情",battery:"电量",battery_value:"电量 {value}%",battery_unknown:"尚未上报电量",battery_age:"{value}% · {age}",credentials_out:"凭证 {count}",unconfirmed:"{count} 个未确认",stay_now:"客人：{guest}，至 {departure}",stay_next:"下一位：{guest}，{arrival} 入住",no_stay:"无入住",cancel:"取消",back:"返回",close:"关闭",save:"保存",retry:"重试",room:"房间",rooms:"房间",stays:"入住",credentials:"凭证",activity:"最近记录",no_stays:"当前及之后均无入住。",no_credentials:"此房间没有通过 Home Assistant 下发且仍有效的凭证。",no_activity:"暂无记录。",kind_pin:"门锁密码",kind_face:"人脸",kind_fingerprint:"指纹",kind_offline_password:"离线密码",kind_card:"房卡",slot:"序号 {slot}",valid_until:"有效期至 {when}",valid_window:"{from} – {until}",confirmed:"门锁已确认",not_confirmed:"未经门锁确认",card_confirmed:"已在发卡器上写卡",card_not_confirmed:"写卡未确认",offline_password_confirmed:"已由门锁平台生成",offline_password_not_confirmed:"生成未确认",revoke:"停用",revoke_confirm:"现在停用此{kind}？客人将无法再使用。",revoked:"已停用",new_stay:"新入住",give_code:"发放密码",guest:"客人",arrival:"入住时间",departure:"离店时间",kinds:"发放的凭证",choose_rooms:"添加房间",remove_room:"移除房间 {room}",create_stay:"创建入住",codes_title:"{guest} 的密码",codes_once:"请现在把这些密码交给客人。入住期间可在该入住中再次显示。",copy:"复制",copy_code:"复制房间 {room} 的密码",copied:"已复制",show_codes:"显示密码",code_pending:"尚未送达门锁",for_stay:"{guest} 的入住",extend:"续住",extend_title:"为 {guest} 续住",new_departure:"新的离店时间",check_out:"退房",check_out_confirm:"现在为 {guest} 办理退房？本次入住的所有门锁密码和离线密码将立即停用。房卡在到期或在发卡器上回收之前仍可开门。",checked_out:"{guest} 已退房",cancel_stay:"取消入住",cancel_stay_confirm:"现在取消 {guest} 的入住？客人尚未入住：本次入住的所有门锁密码和离线密码将立即停用。房卡在到期或在发卡器上回收之前仍可开门。",stay_cancelled:"{guest} 的入住已取消",cards:"房卡",cards_title:"发卡器上的房卡",card_platform:"门锁平台",card_write:"发卡",card_write_hint:"把空白卡或旧卡放在发卡器上，然后发卡。",card_for_stay:"用于入住",card_no_stay:"不关联入住：有效期至",card_written:"房卡 {card} 已为房间 {room} 发卡，有效期至 {until}",card_read:"读卡",card_on_encoder:"发卡器上的房卡",card_read_result:"房卡 {card}",card_blank:"这张卡是空白卡或已回收。",card_clear:"回收房卡",card_cleared:"房卡 {card} 已回收",status_upcoming:"待入住",status_ready:"已就绪",status_in_progress:"入住中",status_ended:"已结束",status_cancelled:"已取消",source_booking:"来自预订 {name}",problem_unconfirmed:"{count} 个凭证未确认",problem_gateway_failed:"对此门锁的上一次调用失败：{message}",problem_gateway_no_answer:"对此门锁的上一次调用没有应答",problem_reauth_required:"门锁平台拒绝了 appid 或 appsecret：请在“设置 → 设备与服务”中重新输入",problem_code_undelivered:"{guest} 的密码尚未送达门锁",problem_platform_unreachable:"无法连接到门锁平台",problem_credentials_refused:"门锁平台拒绝了凭据：{message}",problem_room_list_suspect:"房间列表似乎不完整",entry_not_loaded:"{title} 未加载",error:"错误",action_unlock:"开锁",action_set_pin:"下发门锁密码",action_clear_pin:"停用门锁密码",action_set_face:"下发人脸",action_clear_face:"停用人脸",action_set_fingerprint:"下发指纹",action_clear_fingerprint:"停用指纹",action_generate_offline_password:"生成离线密码",action_revoke_offline_password:"停用离线密码",action_issue_card:"发卡",action_clear_card:"回收房卡",action_stay_ready:"入住就绪",action_check_out:"退房",failed:"失败",done:"完成",by_user:"操作人：{user}",dismiss:"关闭提示",card_read_room:"房间 {room}",card_valid:"有效期 {from} – {until}"},N2={title:"櫃檯",search:"搜尋房間或客人",filter_low_battery:"電量低",filter_arrivals:"今日入住",filter_departures:"今日離店",filter_problems:"異常",filters:"篩選",rooms_count:"{shown} / {count} 間房",no_rooms:"沒有符合條件的房間。",no_platform:"未載入任何門鎖平台。請在「設定 → 裝置與服務」中新增或重新載入 Hotel Lock。",loading:"正在載入房間…",building:"{building}",floor:"{floor} 樓",other_rooms:"其他房間",state_locked:"已上鎖",state_unlocked:"已開鎖",state_unlocking:"正在開鎖…",state_unavailable:"無法使用",state_unknown:"未知",unlock:"開鎖",unlock_room:"開啟房間 {room} 的門鎖",unlock_code:"開鎖驗證碼",unlock_code_hint:"整合選項中設定的開鎖驗證碼（不是門鎖密碼）",unlock_sent:"房間 {room} 已開鎖",open_room:"房間 {room}：詳細資料",battery:"電量",battery_value:"電量 {value}%",battery_unknown:"尚未回報電量",battery_age:"{value}% · {age}",credentials_out:"憑證 {count}",unconfirmed:"{count} 個未確認",stay_now:"客人：{guest}，至 {departure}",stay_next:"下一位：{guest}，{arrival} 入住",no_stay:"無入住",cancel:"取消",back:"返回",close:"關閉",save:"儲存",retry:"重試",room:"房間",rooms:"房間",stays:"入住",credentials:"憑證",activity:"最近紀錄",no_stays:"目前及之後均無入住。",no_credentials:"此房間沒有透過 Home Assistant 下發且仍有效的憑證。",no_activity:"尚無紀錄。",kind_pin:"門鎖密碼",kind_face:"人臉",kind_fingerprint:"指紋",kind_offline_password:"離線密碼",kind_card:"房卡",slot:"序號 {slot}",valid_until:"有效期限至 {when}",valid_window:"{from} – {until}",confirmed:"門鎖已確認",not_confirmed:"未經門鎖確認",card_confirmed:"已在發卡機上寫卡",card_not_confirmed:"寫卡未確認",offline_password_confirmed:"已由門鎖平台產生",offline_password_not_confirmed:"產生未確認",revoke:"停用",revoke_confirm:"現在停用此{kind}？客人將無法再使用。",revoked:"已停用",new_stay:"新入住",give_code:"發放密碼",guest:"客人",arrival:"入住時間",departure:"離店時間",kinds:"發放的憑證",choose_rooms:"新增房間",remove_room:"移除房間 {room}",create_stay:"建立入住",codes_title:"{guest} 的密碼",codes_once:"請現在把這些密碼交給客人。入住期間可在該入住中再次顯示。",copy:"複製",copy_code:"複製房間 {room} 的密碼",copied:"已複製",show_codes:"顯示密碼",code_pending:"尚未送達門鎖",for_stay:"{guest} 的入住",extend:"續住",extend_title:"為 {guest} 續住",new_departure:"新的離店時間",check_out:"退房",check_out_confirm:"現在為 {guest} 辦理退房？本次入住的所有門鎖密碼和離線密碼將立即停用。房卡在到期或在發卡機上回收之前仍可開門。",checked_out:"{guest} 已退房",cancel_stay:"取消入住",cancel_stay_confirm:"現在取消 {guest} 的入住？客人尚未入住：本次入住的所有門鎖密碼和離線密碼將立即停用。房卡在到期或在發卡機上回收之前仍可開門。",stay_cancelled:"{guest} 的入住已取消",cards:"房卡",cards_title:"發卡機上的房卡",card_platform:"門鎖平台",card_write:"發卡",card_write_hint:"把空白卡或舊卡放在發卡機上，然後發卡。",card_for_stay:"用於入住",card_no_stay:"不關聯入住：有效期限至",card_written:"房卡 {card} 已為房間 {room} 發卡，有效期限至 {until}",card_read:"讀卡",card_on_encoder:"發卡機上的房卡",card_read_result:"房卡 {card}",card_blank:"這張卡是空白卡或已回收。",card_clear:"回收房卡",card_cleared:"房卡 {card} 已回收",status_upcoming:"待入住",status_ready:"已就緒",status_in_progress:"入住中",status_ended:"已結束",status_cancelled:"已取消",source_booking:"來自預訂 {name}",problem_unconfirmed:"{count} 個憑證未確認",problem_gateway_failed:"對此門鎖的上一次呼叫失敗：{message}",problem_gateway_no_answer:"對此門鎖的上一次呼叫沒有回應",problem_reauth_required:"門鎖平台拒絕了 appid 或 appsecret：請在「設定 → 裝置與服務」中重新輸入",problem_code_undelivered:"{guest} 的密碼尚未送達門鎖",problem_platform_unreachable:"無法連線到門鎖平台",problem_credentials_refused:"門鎖平台拒絕了憑據：{message}",problem_room_list_suspect:"房間列表似乎不完整",entry_not_loaded:"{title} 未載入",error:"錯誤",action_unlock:"開鎖",action_set_pin:"下發門鎖密碼",action_clear_pin:"停用門鎖密碼",action_set_face:"下發人臉",action_clear_face:"停用人臉",action_set_fingerprint:"下發指紋",action_clear_fingerprint:"停用指紋",action_generate_offline_password:"產生離線密碼",action_revoke_offline_password:"停用離線密碼",action_issue_card:"發卡",action_clear_card:"回收房卡",action_stay_ready:"入住就緒",action_check_out:"退房",failed:"失敗",done:"完成",by_user:"操作人：{user}",dismiss:"關閉提示",card_read_room:"房間 {room}",card_valid:"有效期限 {from} – {until}"},I2={en:l2,"zh-Hans":W2,"zh-Hant":N2};function v2(M,C){return M==="card"?C?"card_confirmed":"card_not_confirmed":M==="offline_password"?C?"offline_password_confirmed":"offline_password_not_confirmed":C?"confirmed":"not_confirmed"}function Y(M){let C=(M??"en").toLowerCase();return/^zh[-_](hant|tw|hk|mo)/.test(C)?"zh-Hant":C.startsWith("zh")?"zh-Hans":"en"}function c1(M){let C=Y(M),H=I2[C],V=new Intl.PluralRules(C);return(L,r)=>{let t=H[L]??l2[L]??L,i=typeof t=="string"?t:V.select(Number(r?.count??0))==="one"?t.one:t.other;return r?i.replace(/\{(\w+)\}/g,(o,d)=>d in r?String(r[d]):o):i}}function J(M,C){let H=Y(M);return H==="en"?`Building ${C}`:/(楼|樓|栋|棟|座|馆|館|区|區)$/.test(C)?C:H==="zh-Hans"?/^\d+$/.test(C)?`${C}号楼`:`${C}栋`:/^\d+$/.test(C)?`${C}號樓`:`${C}棟`}var x2=new Map,Z2=new Map;function U2(M,C){let H=`${M}|${C?"y":""}`,V=x2.get(H);return V||(V=new Intl.DateTimeFormat(M,{...C?{year:"numeric"}:{},month:"short",day:"numeric",hour:"2-digit",minute:"2-digit"}),x2.set(H,V)),V}function n(M,C,H=Date.now()){if(!C)return"";let V=new Date(C);if(Number.isNaN(V.getTime()))return C;let L=V.getFullYear()!==new Date(H).getFullYear();return U2(M,L).format(V)}function C1(M,C,H=Date.now()){if(!C)return"";let V=Math.round((new Date(C).getTime()-H)/1e3),L=Z2.get(M);L||(L=new Intl.RelativeTimeFormat(M,{numeric:"auto",style:"narrow"}),Z2.set(M,L));let r=[["day",86400],["hour",3600],["minute",60]];for(let[t,i]of r)if(Math.abs(V)>=i)return L.format(Math.round(V/i),t);return L.format(0,"minute")}function f(M){let C=H=>String(H).padStart(2,"0");return`${M.getFullYear()}-${C(M.getMonth()+1)}-${C(M.getDate())}T${C(M.getHours())}:${C(M.getMinutes())}`}function k(M){let H=-new Date(M).getTimezoneOffset(),V=H>=0?"+":"-",L=r=>String(Math.floor(Math.abs(r))).padStart(2,"0");return`${M.length===16?`${M}:00`:M}${V}${L(H/60)}:${L(H%60)}`}var N="M11,15H13V17H11V15M11,7H13V13H11V7M12,2C6.47,2 2,6.5 2,12A10,10 0 0,0 12,22A10,10 0 0,0 22,12A10,10 0 0,0 12,2M12,20A8,8 0 0,1 4,12A8,8 0 0,1 12,4A8,8 0 0,1 20,12A8,8 0 0,1 12,20Z";var h1="M16.67,4H15V2H9V4H7.33A1.33,1.33 0 0,0 6,5.33V20.67C6,21.4 6.6,22 7.33,22H16.67A1.33,1.33 0 0,0 18,20.67V5.33C18,4.6 17.4,4 16.67,4Z";var O1="M16,17H8V6H16M16.67,4H15V2H9V4H7.33A1.33,1.33 0 0,0 6,5.33V20.67C6,21.4 6.6,22 7.33,22H16.67A1.33,1.33 0 0,0 18,20.67V5.33C18,4.6 17.4,4 16.67,4Z";var g1="M16,13H8V6H16M16.67,4H15V2H9V4H7.33A1.33,1.33 0 0,0 6,5.33V20.67C6,21.4 6.6,22 7.33,22H16.67A1.33,1.33 0 0,0 18,20.67V5.33C18,4.6 17.4,4 16.67,4Z";var f1="M16,9H8V6H16M16.67,4H15V2H9V4H7.33A1.33,1.33 0 0,0 6,5.33V20.67C6,21.4 6.6,22 7.33,22H16.67A1.33,1.33 0 0,0 18,20.67V5.33C18,4.6 17.4,4 16.67,4Z";var k1="M15.07,12.25L14.17,13.17C13.63,13.71 13.25,14.18 13.09,15H11.05C11.16,14.1 11.56,13.28 12.17,12.67L13.41,11.41C13.78,11.05 14,10.55 14,10C14,8.89 13.1,8 12,8A2,2 0 0,0 10,10H8A4,4 0 0,1 12,6A4,4 0 0,1 16,10C16,10.88 15.64,11.68 15.07,12.25M13,19H11V17H13M16.67,4H15V2H9V4H7.33A1.33,1.33 0 0,0 6,5.33V20.66C6,21.4 6.6,22 7.33,22H16.67C17.4,22 18,21.4 18,20.66V5.33C18,4.59 17.4,4 16.67,4Z";var H1="M12 2C6.5 2 2 6.5 2 12S6.5 22 12 22 22 17.5 22 12 17.5 2 12 2M12 20C7.59 20 4 16.41 4 12S7.59 4 12 4 20 7.59 20 12 16.41 20 12 20M16.59 7.58L10 14.17L7.41 11.59L6 13L10 17L18 9L16.59 7.58Z";var y1="M12,20A8,8 0 0,0 20,12A8,8 0 0,0 12,4A8,8 0 0,0 4,12A8,8 0 0,0 12,20M12,2A10,10 0 0,1 22,12A10,10 0 0,1 12,22C6.47,22 2,17.5 2,12A10,10 0 0,1 12,2M12.5,7V12.25L17,14.92L16.25,16.15L11,13V7H12.5Z";var I="M19,6.41L17.59,5L12,10.59L6.41,5L5,6.41L10.59,12L5,17.59L6.41,19L12,13.41L17.59,19L19,17.59L13.41,12L19,6.41Z";var b1="M19,21H8V7H19M19,5H8A2,2 0 0,0 6,7V21A2,2 0 0,0 8,23H19A2,2 0 0,0 21,21V7A2,2 0 0,0 19,5M16,1H4A2,2 0 0,0 2,3V17H4V3H16V1Z";var w="M18,11H6A2,2 0 0,0 4,13V21A2,2 0 0,0 6,23H18A2,2 0 0,0 20,21V13A2,2 0 0,0 18,11M18,21H6V17H18V21M18,15H6V13H18V15M4.93,4.92L6.34,6.33C9.46,3.2 14.53,3.2 17.66,6.33L19.07,4.92C15.17,1 8.84,1 4.93,4.92M7.76,7.75L9.17,9.16C10.73,7.6 13.26,7.6 14.83,9.16L16.24,7.75C13.9,5.41 10.1,5.41 7.76,7.75Z";var w1="M19,4H15.5L14.5,3H9.5L8.5,4H5V6H19M6,19A2,2 0 0,0 8,21H16A2,2 0 0,0 18,19V7H6V19Z";var B1="M12,19A2,2 0 0,0 10,21A2,2 0 0,0 12,23A2,2 0 0,0 14,21A2,2 0 0,0 12,19M6,1A2,2 0 0,0 4,3A2,2 0 0,0 6,5A2,2 0 0,0 8,3A2,2 0 0,0 6,1M6,7A2,2 0 0,0 4,9A2,2 0 0,0 6,11A2,2 0 0,0 8,9A2,2 0 0,0 6,7M6,13A2,2 0 0,0 4,15A2,2 0 0,0 6,17A2,2 0 0,0 8,15A2,2 0 0,0 6,13M18,5A2,2 0 0,0 20,3A2,2 0 0,0 18,1A2,2 0 0,0 16,3A2,2 0 0,0 18,5M12,13A2,2 0 0,0 10,15A2,2 0 0,0 12,17A2,2 0 0,0 14,15A2,2 0 0,0 12,13M18,13A2,2 0 0,0 16,15A2,2 0 0,0 18,17A2,2 0 0,0 20,15A2,2 0 0,0 18,13M18,7A2,2 0 0,0 16,9A2,2 0 0,0 18,11A2,2 0 0,0 20,9A2,2 0 0,0 18,7M12,7A2,2 0 0,0 10,9A2,2 0 0,0 12,11A2,2 0 0,0 14,9A2,2 0 0,0 12,7M12,1A2,2 0 0,0 10,3A2,2 0 0,0 12,5A2,2 0 0,0 14,3A2,2 0 0,0 12,1Z";var P1="M9,11.75A1.25,1.25 0 0,0 7.75,13A1.25,1.25 0 0,0 9,14.25A1.25,1.25 0 0,0 10.25,13A1.25,1.25 0 0,0 9,11.75M15,11.75A1.25,1.25 0 0,0 13.75,13A1.25,1.25 0 0,0 15,14.25A1.25,1.25 0 0,0 16.25,13A1.25,1.25 0 0,0 15,11.75M12,2A10,10 0 0,0 2,12A10,10 0 0,0 12,22A10,10 0 0,0 22,12A10,10 0 0,0 12,2M12,20A8,8 0 0,1 4,12C3.97,11.71 3.97,11.43 4,11.14C6.38,10.1 8.27,8.17 9.26,5.77C11.13,8.42 14.17,10 17.42,10C18.18,10 18.93,9.91 19.67,9.74C20.92,14 18.5,18.43 14.26,19.67C13.5,19.89 12.76,20 12,20M0,2A2,2 0 0,1 2,0H6V2H2V6H0V2M24,22A2,2 0 0,1 22,24H18V22H22V18H24V22M2,24A2,2 0 0,1 0,22V18H2V22H6V24H2M22,0A2,2 0 0,1 24,2V6H22V2H18V0H22Z";var _1="M17.81,4.47C17.73,4.47 17.65,4.45 17.58,4.41C15.66,3.42 14,3 12,3C10.03,3 8.15,3.47 6.44,4.41C6.2,4.54 5.9,4.45 5.76,4.21C5.63,3.97 5.72,3.66 5.96,3.53C7.82,2.5 9.86,2 12,2C14.14,2 16,2.47 18.04,3.5C18.29,3.65 18.38,3.95 18.25,4.19C18.16,4.37 18,4.47 17.81,4.47M3.5,9.72C3.4,9.72 3.3,9.69 3.21,9.63C3,9.47 2.93,9.16 3.09,8.93C4.08,7.53 5.34,6.43 6.84,5.66C10,4.04 14,4.03 17.15,5.65C18.65,6.42 19.91,7.5 20.9,8.9C21.06,9.12 21,9.44 20.78,9.6C20.55,9.76 20.24,9.71 20.08,9.5C19.18,8.22 18.04,7.23 16.69,6.54C13.82,5.07 10.15,5.07 7.29,6.55C5.93,7.25 4.79,8.25 3.89,9.5C3.81,9.65 3.66,9.72 3.5,9.72M9.75,21.79C9.62,21.79 9.5,21.74 9.4,21.64C8.53,20.77 8.06,20.21 7.39,19C6.7,17.77 6.34,16.27 6.34,14.66C6.34,11.69 8.88,9.27 12,9.27C15.12,9.27 17.66,11.69 17.66,14.66A0.5,0.5 0 0,1 17.16,15.16A0.5,0.5 0 0,1 16.66,14.66C16.66,12.24 14.57,10.27 12,10.27C9.43,10.27 7.34,12.24 7.34,14.66C7.34,16.1 7.66,17.43 8.27,18.5C8.91,19.66 9.35,20.15 10.12,20.93C10.31,21.13 10.31,21.44 10.12,21.64C10,21.74 9.88,21.79 9.75,21.79M16.92,19.94C15.73,19.94 14.68,19.64 13.82,19.05C12.33,18.04 11.44,16.4 11.44,14.66A0.5,0.5 0 0,1 11.94,14.16A0.5,0.5 0 0,1 12.44,14.66C12.44,16.07 13.16,17.4 14.38,18.22C15.09,18.7 15.92,18.93 16.92,18.93C17.16,18.93 17.56,18.9 17.96,18.83C18.23,18.78 18.5,18.96 18.54,19.24C18.59,19.5 18.41,19.77 18.13,19.82C17.56,19.93 17.06,19.94 16.92,19.94M14.91,22C14.87,22 14.82,22 14.78,22C13.19,21.54 12.15,20.95 11.06,19.88C9.66,18.5 8.89,16.64 8.89,14.66C8.89,13.04 10.27,11.72 11.97,11.72C13.67,11.72 15.05,13.04 15.05,14.66C15.05,15.73 16,16.6 17.13,16.6C18.28,16.6 19.21,15.73 19.21,14.66C19.21,10.89 15.96,7.83 11.96,7.83C9.12,7.83 6.5,9.41 5.35,11.86C4.96,12.67 4.76,13.62 4.76,14.66C4.76,15.44 4.83,16.67 5.43,18.27C5.53,18.53 5.4,18.82 5.14,18.91C4.88,19 4.59,18.87 4.5,18.62C4,17.31 3.77,16 3.77,14.66C3.77,13.46 4,12.37 4.45,11.42C5.78,8.63 8.73,6.82 11.96,6.82C16.5,6.82 20.21,10.33 20.21,14.65C20.21,16.27 18.83,17.59 17.13,17.59C15.43,17.59 14.05,16.27 14.05,14.65C14.05,13.58 13.12,12.71 11.97,12.71C10.82,12.71 9.89,13.58 9.89,14.65C9.89,16.36 10.55,17.96 11.76,19.16C12.71,20.1 13.62,20.62 15.03,21C15.3,21.08 15.45,21.36 15.38,21.62C15.33,21.85 15.12,22 14.91,22Z";var B="M22,18V22H18V19H15V16H12L9.74,13.74C9.19,13.91 8.61,14 8,14A6,6 0 0,1 2,8A6,6 0 0,1 8,2A6,6 0 0,1 14,8C14,8.61 13.91,9.19 13.74,9.74L22,18M7,5A2,2 0 0,0 5,7A2,2 0 0,0 7,9A2,2 0 0,0 9,7A2,2 0 0,0 7,5Z";var T1="M12,17A2,2 0 0,0 14,15C14,13.89 13.1,13 12,13A2,2 0 0,0 10,15A2,2 0 0,0 12,17M18,8A2,2 0 0,1 20,10V20A2,2 0 0,1 18,22H6A2,2 0 0,1 4,20V10C4,8.89 4.9,8 6,8H7V6A5,5 0 0,1 12,1A5,5 0 0,1 17,6V8H18M12,3A3,3 0 0,0 9,6V8H15V6A3,3 0 0,0 12,3Z";var F1="M8.5,2C6,2 4,4 4,6.5V7C2.89,7 2,7.89 2,9V18C2,19.11 2.89,20 4,20H8.72C10.18,21.29 12.06,22 14,22A8,8 0 0,0 22,14A8,8 0 0,0 14,6C13.66,6 13.32,6.03 13,6.08C12.76,3.77 10.82,2 8.5,2M8.5,4A2.5,2.5 0 0,1 11,6.5V7H6V6.5A2.5,2.5 0 0,1 8.5,4M14,8A6,6 0 0,1 20,14A6,6 0 0,1 14,20A6,6 0 0,1 8,14A6,6 0 0,1 14,8M13,10V15L16.64,17.19L17.42,15.9L14.5,14.15V10H13Z";var R1="M18 1C15.24 1 13 3.24 13 6V8H4C2.9 8 2 8.89 2 10V20C2 21.11 2.9 22 4 22H16C17.11 22 18 21.11 18 20V10C18 8.9 17.11 8 16 8H15V6C15 4.34 16.34 3 18 3C19.66 3 21 4.34 21 6V8H23V6C23 3.24 20.76 1 18 1M10 13C11.1 13 12 13.89 12 15C12 16.11 11.11 17 10 17C8.9 17 8 16.11 8 15C8 13.9 8.9 13 10 13Z",U="M10 13C11.1 13 12 13.89 12 15C12 16.11 11.11 17 10 17S8 16.11 8 15 8.9 13 10 13M18 1C15.24 1 13 3.24 13 6V8H4C2.9 8 2 8.9 2 10V20C2 21.1 2.9 22 4 22H16C17.1 22 18 21.1 18 20V10C18 8.9 17.1 8 16 8H15V6C15 4.34 16.34 3 18 3S21 4.34 21 6V8H23V6C23 3.24 20.76 1 18 1M16 10V20H4V10H16Z";var E1="M12,1A5,5 0 0,0 7,6V8H6A2,2 0 0,0 4,10V20A2,2 0 0,0 6,22H18A2,2 0 0,0 20,20V10A2,2 0 0,0 18,8H17V6A5,5 0 0,0 12,1M12,2.9C13.71,2.9 15.1,4.29 15.1,6V8H8.9V6C8.9,4.29 10.29,2.9 12,2.9M12.19,10.5C13.13,10.5 13.88,10.71 14.42,11.12C14.96,11.54 15.23,12.1 15.23,12.8C15.23,13.24 15.08,13.63 14.79,14C14.5,14.36 14.12,14.64 13.66,14.85C13.4,15 13.23,15.15 13.14,15.32C13.05,15.5 13,15.72 13,16H11C11,15.5 11.1,15.16 11.29,14.92C11.5,14.68 11.84,14.4 12.36,14.08C12.62,13.94 12.83,13.76 13,13.54C13.14,13.33 13.22,13.08 13.22,12.8C13.22,12.5 13.13,12.28 12.95,12.11C12.77,11.93 12.5,11.85 12.19,11.85C11.92,11.85 11.7,11.92 11.5,12.06C11.34,12.2 11.24,12.41 11.24,12.69H9.27C9.22,12 9.5,11.4 10.05,11.04C10.59,10.68 11.3,10.5 12.19,10.5M11,17H13V19H11V17Z";var G="M19,13H13V19H11V13H5V11H11V5H13V11H19V13Z";var u2=["low_battery","arrivals","departures","problems"];var V1=class{constructor(){this.entries=new Map;this.rooms=new Map;this.features=new Set;this.loaded=!1;this.version=0}apply(C){if(C.kind==="snapshot")this.entries.clear(),this.rooms.clear(),this.features=new Set(C.features??["unlock"]),this.loaded=!0;else{for(let H of C.removed)this.rooms.delete(H);for(let H of C.removed_entries??[])this.entries.delete(H)}for(let H of C.entries)this.entries.set(H.entry_id,H);for(let H of C.rooms)this.rooms.set(H.key,H);return this.version+=1,C.rooms.map(H=>H.key)}},D1=new Intl.Collator(void 0,{numeric:!0,sensitivity:"base"});function s2(M,C){return M===C?0:M===null?1:C===null?-1:D1.compare(M,C)}function S2(M,C){let H=C.size>1,V=i=>H?C.get(i.entry_id)?.title??"":"",L=[...M].sort((i,o)=>D1.compare(V(i),V(o))||s2(i.building,o.building)||s2(i.floor,o.floor)||D1.compare(i.name,o.name)),r=[],t;for(let i of L){let o=`${H?i.entry_id:""}|${i.building??""}|${i.floor??""}`;(!t||t.key!==o)&&(t={key:o,entryTitle:H?V(i):null,building:i.building,floor:i.floor,rooms:[]},r.push(t)),t.rooms.push(i)}return r}function G2(M){return M.battery!==null&&M.battery<=20}function Q2(M,C){return M.problems.length>0||M.unconfirmed>0||!M.available||(C?.problems.length??0)>0}function $1(M,C,H){switch(C){case"low_battery":return G2(M);case"arrivals":return M.arrival_today;case"departures":return M.departure_today;case"problems":return Q2(M,H)}}function c2(M,C){if(C.length===0)return!0;let H=[M.name,M.building??"",M.stay?.guest??"",M.next_stay?.guest??""].join(" ").toLocaleLowerCase();return C.every(V=>H.includes(V))}function L1(M){return M.toLocaleLowerCase().split(/\s+/).filter(Boolean)}var h2=x`
  :host {
    display: block;
    background: var(--primary-background-color);
    color: var(--primary-text-color);
    min-height: 100vh;
  }
  main {
    padding: 16px;
    max-width: 1600px;
    margin: 0 auto;
    box-sizing: border-box;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px 16px;
    margin-bottom: 8px;
  }
  .search {
    flex: 1 1 280px;
    max-width: 420px;
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  .count {
    margin-inline-start: auto;
    font-size: var(--ha-font-size-s, 12px);
  }
  ha-alert {
    display: block;
    margin: 8px 0;
  }
  .empty {
    padding: 32px 0;
    text-align: center;
    color: var(--secondary-text-color);
  }
  section {
    content-visibility: auto;
    contain-intrinsic-size: auto 320px;
  }
  h2 {
    font-size: var(--ha-font-size-l, 16px);
    font-weight: var(--ha-font-weight-medium, 500);
    margin: 20px 4px 8px;
  }
  h2 .muted {
    font-weight: normal;
    font-size: var(--ha-font-size-s, 12px);
    margin-inline-start: 4px;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(196px, 1fr));
    gap: 8px;
  }
  .tile {
    position: relative;
    display: flex;
    background: var(--ha-card-background, var(--card-background-color, #fff));
    border: var(--ha-card-border-width, 1px) solid var(--ha-card-border-color, var(--divider-color, #e0e0e0));
    border-radius: var(--hl-radius);
    overflow: hidden;
    --state-color: var(--hl-muted);
  }
  .tile.locked {
    --state-color: var(--hl-locked);
  }
  .tile.unlocked,
  .tile.open {
    --state-color: var(--hl-unlocked);
    border-color: var(--hl-unlocked);
  }
  .tile.unlocking {
    --state-color: var(--hl-pending);
    border-color: var(--hl-pending);
  }
  .tile.unavailable {
    opacity: 0.7;
  }
  button {
    font: inherit;
    color: inherit;
    background: none;
    border: none;
    cursor: pointer;
  }
  button:focus-visible {
    outline: 2px solid var(--primary-color);
    outline-offset: -2px;
  }
  .main {
    flex: 1;
    min-width: 0;
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 2px;
    padding: 10px 4px 10px 12px;
    text-align: start;
  }
  .main:hover,
  .unlock:hover:not([disabled]) {
    background: var(--secondary-background-color, rgba(127, 127, 127, 0.08));
  }
  .name {
    font-size: var(--ha-font-size-l, 16px);
    font-weight: var(--ha-font-weight-medium, 500);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    max-width: 100%;
  }
  .state {
    display: flex;
    align-items: center;
    gap: 4px;
    color: var(--state-color);
    font-weight: var(--ha-font-weight-medium, 500);
    font-size: var(--ha-font-size-s, 13px);
  }
  /* A tile's lines wrap (a problem or a guest's name is read in full); the
     grid rows grow with the tallest tile. */
  .line {
    display: flex;
    align-items: flex-start;
    gap: 4px;
    font-size: var(--ha-font-size-s, 12px);
    line-height: 16px;
    color: var(--secondary-text-color);
    max-width: 100%;
    min-width: 0;
    overflow-wrap: break-word;
  }
  .line > span {
    min-width: 0;
  }
  .line svg.icon {
    flex: none;
    width: 14px;
    height: 14px;
    margin-top: 1px;
  }
  .stay {
    color: var(--primary-text-color);
  }
  .tile.low .battery,
  .warn {
    color: var(--hl-warning);
  }
  .tile.problem {
    border-color: var(--hl-warning);
  }
  .unlock {
    flex: none;
    width: 44px;
    display: flex;
    align-items: center;
    justify-content: center;
    border-inline-start: 1px solid var(--divider-color);
    color: var(--primary-color);
  }
  .unlock[disabled] {
    color: var(--disabled-text-color, #bdbdbd);
    cursor: default;
  }
  .unlock svg.icon {
    width: 24px;
    height: 24px;
  }
  .tile-error {
    position: absolute;
    inset: auto 0 0 0;
    display: flex;
    align-items: center;
    gap: 4px;
    padding: 4px 4px 4px 8px;
    font-size: var(--ha-font-size-s, 12px);
    background: var(--hl-error);
    color: var(--text-primary-color, #fff);
  }
  .tile-error .dismiss {
    display: flex;
    padding: 2px;
    border: none;
    border-radius: 4px;
    background: none;
    color: inherit;
    cursor: pointer;
  }
  .tile-error .dismiss:focus-visible {
    outline: 2px solid currentColor;
  }
  @media (max-width: 600px) {
    main {
      padding: 8px;
    }
    .grid {
      grid-template-columns: repeat(auto-fill, minmax(148px, 1fr));
    }
    .count {
      margin-inline-start: 0;
    }
  }
`;var M1=x`
  :host {
    --hl-radius: var(--ha-card-border-radius, 12px);
    --hl-locked: var(--state-lock-locked-color, var(--green-color, #43a047));
    --hl-unlocked: var(--state-lock-unlocked-color, var(--red-color, #e53935));
    --hl-pending: var(--state-lock-pending-color, var(--orange-color, #fb8c00));
    --hl-muted: var(--secondary-text-color);
    --hl-warning: var(--warning-color, #ffa600);
    --hl-error: var(--error-color, #db4437);
  }
  svg.icon {
    width: 18px;
    height: 18px;
    fill: currentColor;
    flex: none;
  }
  .muted {
    color: var(--hl-muted);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .row {
    display: flex;
    align-items: center;
    gap: 8px;
  }
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .list > li {
    display: flex;
    align-items: center;
    gap: 12px;
    padding: 10px 0;
    border-bottom: 1px solid var(--divider-color);
  }
  .list > li:last-child {
    border-bottom: none;
  }
  .grow {
    flex: 1;
    min-width: 0;
  }
  h3 {
    font-size: var(--ha-font-size-m, 14px);
    font-weight: var(--ha-font-weight-medium, 500);
    color: var(--secondary-text-color);
    text-transform: none;
    margin: 20px 0 4px;
  }
  .code {
    font-family: var(--ha-font-family-code, ui-monospace, monospace);
    font-size: 28px;
    letter-spacing: 0.12em;
    font-weight: 500;
  }
  .ok {
    color: var(--success-color, #43a047);
  }
  .error {
    color: var(--hl-error);
  }
  .warn {
    color: var(--hl-warning);
  }
`;var Q=[M1,x`
      ha-alert {
        display: block;
        margin-bottom: 12px;
      }
      ha-input {
        display: block;
      }
      .section {
        margin-top: 8px;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        margin-top: 8px;
      }
    `],l=class extends Z{static{this.properties={hass:{attribute:!1},t:{attribute:!1},language:{},_open:{state:!0},_error:{state:!0},_busy:{state:!0}}}constructor(){super(),this.language="en",this._open=!0,this._busy=!1}close(){this._open=!1}_onClosed(C){C.target===C.currentTarget&&(C.stopPropagation(),this.dispatchEvent(new CustomEvent("hl-closed",{bubbles:!0,composed:!0})))}async _run(C){this._busy=!0,this._error=void 0;try{return await C()}catch(H){this._error=await W(this.hass,this.t,H);return}finally{this._busy=!1}}_notify(C){this.dispatchEvent(new CustomEvent("hass-notification",{detail:{message:C},bubbles:!0,composed:!0}))}firstUpdated(C){super.firstUpdated(C);let H=this.renderRoot.querySelector("[autofocus]");H&&setTimeout(()=>H.focus(),100)}static{this.styles=Q}};async function z2(M){await navigator.clipboard.writeText(M)}function r1(M,C,H,V){return e`<p class="muted">${M("codes_once")}</p>
    <ul class="list">
      ${H.map(L=>e`<li>
          <div class="grow">
            <div class="muted">${L.room_name} · ${M(`kind_${L.kind}`)}</div>
            <div class="code" aria-live="polite">${L.code}</div>
            <div class="muted">${M("valid_until",{when:n(C,L.valid_until)})}</div>
            ${L.confirmed===!1?e`<div class="warn">
                  ${M(L.kind==="offline_password"?"offline_password_not_confirmed":"code_pending")}
                </div>`:""}
          </div>
          <ha-icon-button
            .path=${b1}
            .label=${M("copy_code",{room:L.room_name})}
            @click=${()=>z2(L.code).then(()=>V(L))}
          ></ha-icon-button>
        </li>`)}
    </ul>`}var K2={pin:B1,face:P1,fingerprint:_1,offline_password:B,card:w};function O2(M){return M.status!=="ended"&&M.status!=="cancelled"}function W1(M){return M.status==="upcoming"||M.status==="ready"}var N1=class extends l{static{this.properties={...l.properties,room:{attribute:!1},entry:{attribute:!1},showEntry:{type:Boolean},features:{attribute:!1},lockState:{},_details:{state:!0},_mode:{state:!0}}}constructor(){super(),this._mode={kind:"details"}}updated(C){super.updated(C);let H=C.get("room");C.has("room")&&(!H||H!==this.room)&&this._load()}async _load(){let[C]=await Promise.all([this._run(()=>m(this.hass,"frontdesk/room",{entry_id:this.room.entry_id,room_id:this.room.room_id})),s1(this.hass)]);C&&(this._details=C)}render(){let C=this.t,H=this.room,V=[H.building!==null?J(this.language,H.building):"",H.floor!==null?C("floor",{floor:H.floor}):"",this.showEntry?this.entry?.title??"":""].filter(Boolean).join(" · ");return e`<ha-dialog
      .open=${this._open}
      width="medium"
      header-title=${`${C("room")} ${H.name}`}
      header-subtitle=${V}
      @closed=${this._onClosed}
    >
      ${this._error?e`<ha-alert alert-type="error">${this._error}</ha-alert>`:A}
      ${this._renderMode()}
    </ha-dialog>`}_renderMode(){let C=this.t,H=this._mode,V=()=>{this._mode={kind:"details"},this._error=void 0};switch(H.kind){case"details":return this._renderDetails();case"extend":return e`<h3>${C("extend_title",{guest:H.stay.guest})}</h3>
          <ha-input
            type="datetime-local"
            .label=${C("new_departure")}
            .value=${H.departure}
            autofocus
            @input=${L=>H.departure=L.target.value}
          ></ha-input>
          ${this._footer(V,C("extend"),()=>this._extend(H.stay,H.departure))}`;case"check_out":{let L=W1(H.stay);return e`<p>${C(L?"cancel_stay_confirm":"check_out_confirm",{guest:H.stay.guest})}</p>
          ${this._footer(V,C(L?"cancel_stay":"check_out"),()=>this._checkOut(H.stay),"danger",L?C("back"):void 0)}`}case"codes":return e`<h3>${C("codes_title",{guest:H.stay.guest})}</h3>
          ${r1(C,this.language,H.codes,()=>this._notify(C("copied")))}
          <ha-dialog-footer slot="footer">
            <ha-button slot="primaryAction" @click=${V}>${C("close")}</ha-button>
          </ha-dialog-footer>`;case"revoke":{let L=C(`kind_${H.credential.kind}`);return e`<p>${C("revoke_confirm",{kind:L})}</p>
          <p class="muted">${this._credentialLabel(H.credential)}</p>
          ${this._footer(V,C("revoke"),()=>this._revoke(H.credential),"danger")}`}}}_footer(C,H,V,L="brand",r=this.t("cancel")){return e`<ha-dialog-footer slot="footer">
      <ha-button slot="secondaryAction" appearance="plain" @click=${C}>${r}</ha-button>
      <ha-button slot="primaryAction" variant=${L} .loading=${this._busy} @click=${V}>${H}</ha-button>
    </ha-dialog-footer>`}_renderDetails(){let C=this.t,H=this.room,V=this._details,L=["locked","unlocked","unlocking","unavailable"].includes(this.lockState)?this.lockState:"unknown",r=H.battery===null?C("battery_unknown"):`${C("battery_value",{value:H.battery})}${H.battery_at?` · ${C1(this.language,H.battery_at)}`:""}`;return e`
      <div class="row status">
        <div class="grow">
          <div><strong>${C(`state_${L}`)}</strong></div>
          <div class="muted">${r}</div>
        </div>
        <ha-button
          appearance="filled"
          ?disabled=${L!=="locked"&&L!=="unlocked"}
          @click=${()=>this.dispatchEvent(new CustomEvent("hl-unlock"))}
        >
          <ha-svg-icon slot="start" .path=${U}></ha-svg-icon>${C("unlock")}
        </ha-button>
      </div>
      <div class="actions">
        ${this.features.has("stays")?e`<ha-button appearance="outlined" @click=${()=>this.dispatchEvent(new CustomEvent("hl-new-stay"))}>
              <ha-svg-icon slot="start" .path=${G}></ha-svg-icon>${C("give_code")}
            </ha-button>`:A}
        ${this.features.has("cards")?e`<ha-button appearance="outlined" @click=${()=>this.dispatchEvent(new CustomEvent("hl-cards"))}>
              <ha-svg-icon slot="start" .path=${w}></ha-svg-icon>${C("cards")}
            </ha-button>`:A}
      </div>
      ${this.features.has("stays")?this._renderStays(V?.stays??[]):A}
      <h3>${C("credentials")}</h3>
      ${V?V.credentials.length===0?e`<p class="muted">${C("no_credentials")}</p>`:e`<ul class="list">
              ${V.credentials.map(t=>this._renderCredential(t))}
            </ul>`:e`<ha-spinner size="small" aria-label=${C("loading")}></ha-spinner>`}
      ${this.features.has("activity")?this._renderActivity(V):A}
    `}_renderStays(C){let H=this.t,V=L=>n(this.language,L);return e`<h3>${H("stays")}</h3>
      ${C.length===0?e`<p class="muted">${H("no_stays")}</p>`:e`<ul class="list">
            ${C.map(L=>e`<li>
                <div class="grow">
                  <div><strong>${L.guest}</strong> · ${H(`status_${L.status}`)}</div>
                  <div class="muted">${H("valid_window",{from:V(L.arrival),until:V(L.departure)})}</div>
                  ${L.source==="booking"&&L.source_name?e`<div class="muted">${H("source_booking",{name:L.source_name})}</div>`:A}
                  <div class="actions">
                    ${L.codes_available?e`<ha-button size="small" appearance="plain" @click=${()=>this._showCodes(L)}
                          >${H("show_codes")}</ha-button
                        >`:A}
                    ${L.editable&&O2(L)?e`<ha-button
                          size="small"
                          appearance="plain"
                          @click=${()=>this._mode={kind:"extend",stay:L,departure:f(new Date(new Date(L.departure).getTime()+864e5))}}
                          >${H("extend")}</ha-button
                        >`:A}
                    ${O2(L)?e`<ha-button
                          size="small"
                          appearance="plain"
                          variant="danger"
                          @click=${()=>this._mode={kind:"check_out",stay:L}}
                          >${H(W1(L)?"cancel_stay":"check_out")}</ha-button
                        >`:A}
                  </div>
                </div>
              </li>`)}
          </ul>`}`}_credentialLabel(C){let H=this.t,V=[H(`kind_${C.kind}`)],L=this._details?.stays.find(r=>r.stay_id===C.stay_id);return L?V.push(H("for_stay",{guest:L.guest})):C.name&&V.push(C.name),C.slot!==null&&V.push(H("slot",{slot:C.slot})),C.card_id&&V.push(C.card_id),V.join(" · ")}_renderCredential(C){let H=this.t,V=n(this.language,C.valid_until),L=C.valid_from?H("valid_window",{from:n(this.language,C.valid_from),until:V}):H("valid_until",{when:V});return e`<li>
      <ha-svg-icon .path=${K2[C.kind]??B}></ha-svg-icon>
      <div class="grow">
        <div>${this._credentialLabel(C)}</div>
        <div class="muted">${L}</div>
        <div class=${C.confirmed?"muted":"warn"}>
          <ha-svg-icon .path=${C.confirmed?H1:y1}></ha-svg-icon>
          ${H(v2(C.kind,C.confirmed))}
        </div>
      </div>
      ${this.features.has("revoke")?e`<ha-icon-button
            .path=${w1}
            .label=${`${H("revoke")}: ${this._credentialLabel(C)}`}
            @click=${()=>this._mode={kind:"revoke",credential:C}}
          ></ha-icon-button>`:A}
    </li>`}_renderActivity(C){let H=this.t,V=C?.activity??[];return e`<h3>${H("activity")}</h3>
      ${V.length===0?e`<p class="muted">${H("no_activity")}</p>`:e`<ul class="list activity">
            ${V.map(L=>{let r=[H(`action_${L.action}`)];L.name&&r.push(L.name),L.slot!==null&&r.push(H("slot",{slot:L.slot})),L.card_id&&r.push(L.card_id);let t=[n(this.language,L.when)];return L.user&&t.push(H("by_user",{user:L.user})),e`<li>
                <ha-svg-icon
                  class=${L.ok?"ok":"error"}
                  .path=${L.ok?H1:N}
                ></ha-svg-icon>
                <div class="grow">
                  <div>
                    <span class="sr-only">${L.ok?H("done"):H("failed")}:</span>${r.join(" · ")}
                  </div>
                  ${L.error?e`<div class="error">${u1(this.hass,L.error)}</div>`:A}
                  <div class="muted">${t.join(" · ")}</div>
                </div>
              </li>`})}
          </ul>`}`}async _showCodes(C){let H=await this._run(()=>m(this.hass,"stay/codes",{entry_id:C.entry_id,stay_id:C.stay_id}));H&&(this._mode={kind:"codes",stay:C,codes:H.codes})}async _extend(C,H){await this._run(()=>m(this.hass,"stay/update",{entry_id:C.entry_id,stay_id:C.stay_id,departure:k(H)}))&&(this._mode={kind:"details"},this._load())}async _checkOut(C){let H=await this._run(()=>m(this.hass,"stay/check_out",{entry_id:C.entry_id,stay_id:C.stay_id}));if(H){let V=(H.stay?.status??(W1(C)?"cancelled":"ended"))==="cancelled";this._notify(this.t(V?"stay_cancelled":"checked_out",{guest:C.guest})),this._mode={kind:"details"},this._load()}}async _revoke(C){await this._run(()=>m(this.hass,"credential/revoke",{entry_id:this.room.entry_id,room_id:this.room.room_id,credential_id:C.credential_id}))&&(this._notify(this.t("revoked")),this._mode={kind:"details"},this._load())}};customElements.define("hl-room-dialog",N1);var I1=class extends l{constructor(){super(...arguments);this._code=""}static{this.properties={...l.properties,room:{attribute:!1}}}render(){let H=this.t;return e`<ha-dialog
      .open=${this._open}
      width="small"
      header-title=${H("unlock_room",{room:this.room.name})}
      @closed=${this._onClosed}
    >
      ${this._error?e`<ha-alert alert-type="error">${this._error}</ha-alert>`:""}
      <form @submit=${this._submit}>
        <ha-input
          type="password"
          inputmode="numeric"
          autocomplete="off"
          .label=${H("unlock_code")}
          .hint=${H("unlock_code_hint")}
          autofocus
          @input=${V=>this._code=V.target.value??""}
          @keydown=${V=>V.key==="Enter"&&this._submit(V)}
        ></ha-input>
      </form>
      <ha-dialog-footer slot="footer">
        <ha-button slot="secondaryAction" appearance="plain" @click=${this.close}>${H("cancel")}</ha-button>
        <ha-button slot="primaryAction" .loading=${this._busy} @click=${this._submit}>${H("unlock")}</ha-button>
      </ha-dialog-footer>
    </ha-dialog>`}async _submit(H){if(H.preventDefault(),this._busy)return;await this._run(()=>m(this.hass,"frontdesk/unlock",{entry_id:this.room.entry_id,room_id:this.room.room_id,code:this._code}).then(()=>!0))&&(this._notify(this.t("unlock_sent",{room:this.room.name})),this.close())}};customElements.define("hl-unlock-dialog",I1);var q2=["pin","offline_password"],j2=8;function X2(){let M=new Date;return M.setDate(M.getDate()+1),M.setHours(12,0,0,0),M}var U1=class extends l{static{this.properties={...l.properties,store:{attribute:!1},roomKeys:{attribute:!1},_guest:{state:!0},_rooms:{state:!0},_roomSearch:{state:!0},_arrival:{state:!0},_departure:{state:!0},_kinds:{state:!0},_result:{state:!0}}}constructor(){super(),this._guest="",this._rooms=[],this._roomSearch="",this._arrival=f(new Date),this._departure=f(X2()),this._kinds=new Set(["pin"])}connectedCallback(){super.connectedCallback(),this._rooms.length===0&&(this._rooms=[...this.roomKeys??[]]);let C=this.store.rooms.get(this._rooms[0]??"")?.entry_id,H=C?this.store.entries.get(C):[...this.store.entries.values()].find(V=>V.loaded);H?.stay_credentials?.length&&(this._kinds=new Set(H.stay_credentials))}render(){let C=this.t,H=this._result?C("codes_title",{guest:this._result.stay.guest}):C("new_stay");return e`<ha-dialog .open=${this._open} width="medium" header-title=${H} @closed=${this._onClosed}>
      ${this._error?e`<ha-alert alert-type="error">${this._error}</ha-alert>`:A}
      ${this._result?this._renderResult():this._renderForm()}
    </ha-dialog>`}_renderResult(){let C=this.t;return e`${r1(C,this.language,this._result.codes,()=>this._notify(C("copied")))}
      <ha-dialog-footer slot="footer">
        <ha-button slot="primaryAction" @click=${this.close}>${C("close")}</ha-button>
      </ha-dialog-footer>`}_renderForm(){let C=this.t,H=this._rooms.map(i=>this.store.rooms.get(i)).filter(i=>i!==void 0),V=L1(this._roomSearch),L=H[0]?.entry_id,r=V.length?[...this.store.rooms.values()].filter(i=>!this._rooms.includes(i.key)&&(L===void 0||i.entry_id===L)&&V.every(o=>i.name.toLocaleLowerCase().includes(o))).slice(0,j2):[],t=this._guest.trim()&&H.length>0&&this._kinds.size>0&&this._arrival<this._departure;return e`
      <ha-input
        .label=${C("guest")}
        .value=${this._guest}
        required
        autofocus
        @input=${i=>this._guest=i.target.value??""}
      ></ha-input>
      <div class="section">
        <div class="muted">${C("rooms")}</div>
        <div class="chosen">
          ${H.map(i=>e`<span class="room-chip"
              >${i.name}<ha-icon-button
                .path=${I}
                .label=${C("remove_room",{room:i.name})}
                @click=${()=>this._rooms=this._rooms.filter(o=>o!==i.key)}
              ></ha-icon-button
            ></span>`)}
        </div>
        <ha-input
          .label=${C("choose_rooms")}
          .value=${this._roomSearch}
          @input=${i=>this._roomSearch=i.target.value??""}
        ></ha-input>
        ${r.length?e`<div class="suggestions" role="listbox" aria-label=${C("choose_rooms")}>
              ${r.map(i=>e`<ha-button
                  size="small"
                  appearance="outlined"
                  role="option"
                  @click=${()=>{this._rooms=[...this._rooms,i.key],this._roomSearch=""}}
                  >${i.name}</ha-button
                >`)}
            </div>`:A}
      </div>
      <div class="dates">
        <ha-input
          type="datetime-local"
          .label=${C("arrival")}
          .value=${this._arrival}
          @input=${i=>this._arrival=i.target.value??""}
        ></ha-input>
        <ha-input
          type="datetime-local"
          .label=${C("departure")}
          .value=${this._departure}
          @input=${i=>this._departure=i.target.value??""}
        ></ha-input>
      </div>
      <div class="section" role="group" aria-label=${C("kinds")}>
        <div class="muted">${C("kinds")}</div>
        ${q2.map(i=>e`<ha-checkbox
            .checked=${this._kinds.has(i)}
            @change=${o=>this._toggleKind(i,o.target.checked)}
            >${C(`kind_${i}`)}</ha-checkbox
          >`)}
      </div>
      <ha-dialog-footer slot="footer">
        <ha-button slot="secondaryAction" appearance="plain" @click=${this.close}>${C("cancel")}</ha-button>
        <ha-button slot="primaryAction" .loading=${this._busy} ?disabled=${!t} @click=${this._create}
          >${C("create_stay")}</ha-button
        >
      </ha-dialog-footer>
    `}_toggleKind(C,H){let V=new Set(this._kinds);H?V.add(C):V.delete(C),this._kinds=V}async _create(){let C=this._rooms.map(V=>this.store.rooms.get(V)).filter(V=>V!==void 0);if(C.length===0)return;let H=await this._run(()=>m(this.hass,"stay/create",{entry_id:C[0].entry_id,guest:this._guest.trim(),room_ids:C.map(V=>V.room_id),arrival:k(this._arrival),departure:k(this._departure),credentials:[...this._kinds]}));H&&(this._result=H)}static{this.styles=[...Q,x`
      .chosen,
      .suggestions {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        margin: 6px 0;
      }
      .room-chip {
        display: inline-flex;
        align-items: center;
        padding-inline-start: 12px;
        border-radius: 16px;
        background: var(--secondary-background-color);
        --ha-icon-button-size: 32px;
        --mdc-icon-size: 16px;
      }
      .dates {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(200px, 1fr));
        gap: 8px;
        margin-top: 8px;
      }
      ha-checkbox {
        display: block;
        margin: 6px 0;
      }
    `]}};customElements.define("hl-stay-dialog",U1);var G1=class extends l{static{this.properties={...l.properties,store:{attribute:!1},roomKey:{},_entryId:{state:!0},_validUntil:{state:!0},_result:{state:!0}}}constructor(){super();let C=new Date;C.setDate(C.getDate()+1),C.setHours(12,0,0,0),this._validUntil=f(C)}get _room(){return this.roomKey?this.store.rooms.get(this.roomKey):void 0}get _entry(){return this._room?.entry_id??this._entryId??[...this.store.entries.values()].find(C=>C.loaded)?.entry_id}render(){let C=this.t,H=this._room,V=[...this.store.entries.values()].filter(L=>L.loaded);return e`<ha-dialog .open=${this._open} width="medium" header-title=${C("cards_title")} @closed=${this._onClosed}>
      ${this._error?e`<ha-alert alert-type="error">${this._error}</ha-alert>`:A}
      ${this._result?e`<ha-alert alert-type="success">${this._result}</ha-alert>`:A}
      ${!H&&V.length>1?e`<label class="section">
            <span class="muted">${C("card_platform")}</span>
            <select
              @change=${L=>this._entryId=L.target.value}
            >
              ${V.map(L=>e`<option value=${L.entry_id} ?selected=${L.entry_id===this._entry}>
                  ${L.title}
                </option>`)}
            </select>
          </label>`:A}
      ${H?this._renderWrite(H):A}
      <h3>${C("card_on_encoder")}</h3>
      <div class="actions">
        <ha-button appearance="outlined" .loading=${this._busy} @click=${this._read}>${C("card_read")}</ha-button>
        <ha-button appearance="outlined" variant="danger" .loading=${this._busy} @click=${this._clear}
          >${C("card_clear")}</ha-button
        >
      </div>
      <ha-dialog-footer slot="footer">
        <ha-button slot="primaryAction" appearance="plain" @click=${this.close}>${C("close")}</ha-button>
      </ha-dialog-footer>
    </ha-dialog>`}_renderWrite(C){let H=this.t,V=C.stay??C.next_stay;return e`<h3>${H("card_write")} · ${C.name}</h3>
      <p class="muted">${H("card_write_hint")}</p>
      ${V?e`<p>${H("card_for_stay")}: <strong>${V.guest}</strong>
            (${n(this.language,V.arrival)} – ${n(this.language,V.departure)})</p>`:e`<ha-input
            type="datetime-local"
            .label=${H("card_no_stay")}
            .value=${this._validUntil}
            @input=${L=>this._validUntil=L.target.value??""}
          ></ha-input>`}
      <div class="actions">
        <ha-button .loading=${this._busy} @click=${()=>this._write(C)}>${H("card_write")}</ha-button>
      </div>`}async _write(C){let H=C.stay??C.next_stay;this._result=void 0;let V=await this._run(()=>m(this.hass,"card/write",{entry_id:C.entry_id,room_id:C.room_id,...H?{stay_id:H.stay_id}:{valid_until:k(this._validUntil)}}));V&&(this._result=e`${this.t("card_written",{card:V.card_id,room:V.room.name,until:n(this.language,V.valid_until)})}`)}async _read(){let C=this._entry;this._result=void 0;let H=await this._run(()=>m(this.hass,"card/read",{entry_id:C}));if(!H)return;let V=this.t,L=r=>n(this.language,r);this._result=e`<strong>${V("card_read_result",{card:H.card_id})}</strong><br />
      ${H.room?e`${V("card_read_room",{room:H.room.name})}${H.stay?e` · ${H.stay.guest}`:A}<br />
            ${V("card_valid",{from:L(H.valid_from),until:L(H.valid_until)})}`:V("card_blank")}`}async _clear(){let C=this._entry;this._result=void 0;let H=await this._run(()=>m(this.hass,"card/clear",{entry_id:C}));H&&(this._result=e`${this.t("card_cleared",{card:H.card_id})}`)}static{this.styles=[...Q,x`
      select {
        display: block;
        margin: 4px 0 12px;
        padding: 8px;
        font: inherit;
        color: var(--primary-text-color);
        background: var(--card-background-color);
        border: 1px solid var(--divider-color);
        border-radius: 8px;
      }
    `]}};customElements.define("hl-card-dialog",G1);var Y2={low_battery:"filter_low_battery",arrivals:"filter_arrivals",departures:"filter_departures",problems:"filter_problems"},J2=1e4,e1={module:"hotel-lock:module",subscribe:"hotel-lock:subscribe",snapshot:"hotel-lock:snapshot",rendered:"hotel-lock:rendered"};performance.mark(e1.module);var P=M=>e`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d=${M}></path></svg>`;function C5(M){return M===null?k1:M<=20?O1:M<=50?g1:M<=80?f1:h1}var Q1=class extends Z{constructor(){super();this.store=new V1;this._t=c1("en");this._language="en";this._groupsKey="";this._groups=[];this._shownCount=0;this._now=Date.now();this._painted=!1;this.narrow=!1,this._search="",this._filters=new Set,this._tileErrors=new Map,this._version=0}static{this.properties={hass:{attribute:!1},narrow:{type:Boolean},route:{attribute:!1},panel:{attribute:!1},_search:{state:!0},_filters:{state:!0},_dialog:{state:!0},_tileErrors:{state:!0},_subscribeError:{state:!0},_version:{state:!0}}}connectedCallback(){super.connectedCallback(),this.hass&&!this._unsubscribe&&this._subscribe(),this._clock=window.setInterval(()=>{this._now=Date.now(),this.requestUpdate()},6e4)}disconnectedCallback(){super.disconnectedCallback(),window.clearInterval(this._clock),this._unsubscribe?.then(H=>H()).catch(()=>{}),this._unsubscribe=void 0}_subscribe(){performance.mark(e1.subscribe),this._unsubscribe=this.hass.connection.subscribeMessage(H=>{H.kind==="snapshot"&&performance.mark(e1.snapshot),this.store.apply(H),this._version=this.store.version},{type:"hotel_lock/frontdesk/subscribe"}),this._unsubscribe.catch(async H=>{this._unsubscribe=void 0,this._subscribeError=await W(this.hass,this._t,H)}),n2().then(()=>this.requestUpdate())}shouldUpdate(H){if(H.size!==1||!H.has("hass"))return!0;let V=H.get("hass");if(!V||V.language!==this.hass.language||V.themes!==this.hass.themes||V.localize!==this.hass.localize)return!0;for(let L of this.store.rooms.values()){let r=L.lock_entity_id;if(r&&V.states[r]!==this.hass.states[r])return!0}return!1}updated(H){super.updated(H),this.store.loaded&&!this._painted&&(this._painted=!0,requestAnimationFrame(()=>setTimeout(()=>performance.mark(e1.rendered))))}willUpdate(H){H.has("hass")&&this.hass&&(!this._unsubscribe&&!this._subscribeError&&this._subscribe(),this.hass.language!==this._language&&(this._language=this.hass.language,this._t=c1(this._language),this.lang=Y(this._language)))}_visibleGroups(){let H=`${this.store.version}|${this._search}|${[...this._filters].join()}`;if(H!==this._groupsKey){let V=L1(this._search),L=[...this._filters],r=[...this.store.rooms.values()].filter(t=>c2(t,V)&&(L.length===0||L.some(i=>$1(t,i,this.store.entries.get(t.entry_id)))));this._groups=S2(r,this.store.entries),this._shownCount=r.length,this._groupsKey=H}return this._groups}_filterCount(H){let V=0;for(let L of this.store.rooms.values())$1(L,H,this.store.entries.get(L.entry_id))&&(V+=1);return V}render(){let H=this._t,V=this.store.features;return e`
      <ha-top-app-bar-fixed .narrow=${this.narrow}>
        <ha-menu-button slot="navigationIcon" .hass=${this.hass} .narrow=${this.narrow}></ha-menu-button>
        <div slot="title">${H("title")}</div>
        ${V.has("cards")?e`<ha-icon-button
              slot="actionItems"
              .label=${H("cards_title")}
              .path=${w}
              @click=${()=>this._dialog={kind:"cards"}}
            ></ha-icon-button>`:A}
        ${V.has("stays")?e`<ha-button
              slot="actionItems"
              appearance="filled"
              size="small"
              @click=${()=>this._dialog={kind:"stay",roomKeys:[]}}
            >
              <ha-svg-icon slot="start" .path=${G}></ha-svg-icon>${H("new_stay")}
            </ha-button>`:A}
        <main>${this._renderBody()}</main>
      </ha-top-app-bar-fixed>
      ${this._renderDialog()}
    `}_renderBody(){let H=this._t;if(this._subscribeError)return e`<ha-alert alert-type="error">${this._subscribeError}</ha-alert>`;if(!this.store.loaded)return e`<div class="empty" role="status">${H("loading")}</div>`;let V=this._visibleGroups(),L=[...this.store.entries.values()].filter(r=>r.loaded);return e`
      <div class="toolbar">
        <ha-input-search
          class="search"
          .label=${H("search")}
          .value=${this._search}
          @input=${this._onSearch}
        ></ha-input-search>
        <div class="chips" role="group" aria-label=${H("filters")}>
          ${u2.filter(r=>r!=="arrivals"&&r!=="departures"?!0:this.store.features.has("stays")).map(r=>e`<ha-filter-chip
              .selected=${this._filters.has(r)}
              .label=${`${H(Y2[r])} · ${this._filterCount(r)}`}
              data-filter=${r}
              @click=${this._onFilter}
            ></ha-filter-chip>`)}
        </div>
        <div class="count muted" role="status">
          ${H("rooms_count",{shown:this._shownCount,count:this.store.rooms.size})}
        </div>
      </div>
      ${[...this.store.entries.values()].map(r=>this._renderEntryProblems(r))}
      ${L.length===0?e`<ha-alert alert-type="info">${H("no_platform")}</ha-alert>`:A}
      ${V.length===0&&this.store.rooms.size>0?e`<div class="empty">${H("no_rooms")}</div>`:A}
      <div class="groups" @click=${this._onTileClick}>
        ${V.map(r=>this._renderGroup(r))}
      </div>
    `}_renderEntryProblems(H){let V=this._t;return H.loaded?H.problems.length?e`${H.problems.map(L=>e`<ha-alert alert-type="error" .title=${H.title}>${this._problemText(L)}</ha-alert>`)}`:A:e`<ha-alert alert-type="warning">${V("entry_not_loaded",{title:H.title})}</ha-alert>`}_problemText(H){return this._t(`problem_${H.key}`,H.placeholders)}_groupTitle(H){let V=this._t,L=[];return H.entryTitle&&L.push(H.entryTitle),H.building!==null&&L.push(J(this._language,H.building)),H.floor!==null&&L.push(V("floor",{floor:H.floor})),H.building===null&&H.floor===null&&L.push(V("other_rooms")),L.join(" · ")}_renderGroup(H){let V=this._groupTitle(H);return e`<section aria-label=${V}>
      <h2>${V} <span class="muted">${H.rooms.length}</span></h2>
      <div class="grid">${H.rooms.map(L=>this._renderTile(L))}</div>
    </section>`}_lockState(H){return!H.available||!H.lock_entity_id?"unavailable":this.hass.states[H.lock_entity_id]?.state??"unavailable"}_renderTile(H){let V=this._t,L=this._lockState(H),r=["locked","unlocked","unlocking","unavailable"].includes(L)?`state_${L}`:"state_unknown",t=L==="locked"?T1:L==="unlocked"||L==="open"?R1:L==="unlocking"?F1:E1,i=H.battery===null?e`<span aria-hidden="true">—</span><span class="sr-only">${V("battery_unknown")}</span>`:H.battery_at?V("battery_age",{value:H.battery,age:C1(this._language,H.battery_at,this._now)}):V("battery_value",{value:H.battery}),o=H.stay?V("stay_now",{guest:H.stay.guest,departure:n(this._language,H.stay.departure)}):H.next_stay?V("stay_next",{guest:H.next_stay.guest,arrival:n(this._language,H.next_stay.arrival)}):"",d=H.problems.length>0||H.unconfirmed>0,p=this._tileErrors.get(H.key),a=L==="locked"||L==="unlocked";return e`<div class="tile ${L}${d?" problem":""}${H.battery!==null&&H.battery<=20?" low":""}">
      <button class="main" data-key=${H.key} data-action="open">
        <span class="name">${H.name}</span>
        <span class="state">${P(t)}${V(r)}</span>
        <span class="line battery" title=${V("battery")}>${P(C5(H.battery))}${i}</span>
        ${o?e`<span class="line stay"><span>${o}</span></span>`:A}
        ${H.credentials?e`<span class="line creds"
              >${P(B)}<span
                >${V("credentials_out",{count:H.credentials})}${H.unconfirmed?e` · <span class="warn">${V("unconfirmed",{count:H.unconfirmed})}</span>`:A}</span
              ></span
            >`:A}
        ${d?e`<span class="line warn problems"
              >${P(N)}<span>${H.problems.map(v=>this._problemText(v)).join(" · ")}</span></span
            >`:A}
      </button>
      <button
        class="unlock"
        data-key=${H.key}
        data-action="unlock"
        aria-label=${V("unlock_room",{room:H.name})}
        title=${V("unlock")}
        ?disabled=${!a}
      >
        ${P(U)}
      </button>
      ${p?e`<div class="tile-error" role="alert">
            <span class="grow">${p}</span>
            <button
              class="dismiss"
              aria-label=${V("dismiss")}
              title=${V("dismiss")}
              @click=${()=>this._setTileError(H.key,void 0)}
            >
              ${P(I)}
            </button>
          </div>`:A}
    </div>`}_renderDialog(){let H=this._dialog;if(!H)return A;let V=()=>{this._dialog===H&&(this._dialog=void 0)},L={hass:this.hass,t:this._t,language:this._language};switch(H.kind){case"room":{let r=this.store.rooms.get(H.key);return r?e`<hl-room-dialog
          .hass=${L.hass}
          .t=${L.t}
          .language=${L.language}
          .room=${r}
          .entry=${this.store.entries.get(r.entry_id)}
          .showEntry=${this.store.entries.size>1}
          .features=${this.store.features}
          .lockState=${this._lockState(r)}
          @hl-closed=${V}
          @hl-unlock=${()=>this._unlock(r)}
          @hl-new-stay=${()=>this._dialog={kind:"stay",roomKeys:[r.key]}}
          @hl-cards=${()=>this._dialog={kind:"cards",roomKey:r.key}}
        ></hl-room-dialog>`:A}case"unlock":{let r=this.store.rooms.get(H.key);return r?e`<hl-unlock-dialog
          .hass=${L.hass}
          .t=${L.t}
          .room=${r}
          @hl-closed=${V}
        ></hl-unlock-dialog>`:A}case"stay":return e`<hl-stay-dialog
          .hass=${L.hass}
          .t=${L.t}
          .language=${L.language}
          .store=${this.store}
          .roomKeys=${H.roomKeys}
          @hl-closed=${V}
        ></hl-stay-dialog>`;case"cards":return e`<hl-card-dialog
          .hass=${L.hass}
          .t=${L.t}
          .language=${L.language}
          .store=${this.store}
          .roomKey=${H.roomKey}
          @hl-closed=${V}
        ></hl-card-dialog>`}}_onSearch(H){this._search=H.target.value??""}_onFilter(H){let V=H.currentTarget,L=V.dataset.filter,r=new Set(this._filters);V.selected?r.add(L):r.delete(L),this._filters=r}_onTileClick(H){let V=H.target.closest("button[data-key]");if(!V)return;let L=V.dataset.key;if(V.dataset.action==="unlock"){let r=this.store.rooms.get(L);r&&this._unlock(r)}else this._dialog={kind:"room",key:L}}async _unlock(H){if(this.store.entries.get(H.entry_id)?.code_required){this._dialog={kind:"unlock",key:H.key};return}this._setTileError(H.key,void 0);try{await m(this.hass,"frontdesk/unlock",{entry_id:H.entry_id,room_id:H.room_id})}catch(V){let L=await W(this.hass,this._t,V);this._setTileError(H.key,L),this.dispatchEvent(new CustomEvent("hass-notification",{detail:{message:L},bubbles:!0,composed:!0}))}}_setTileError(H,V){if(V!==void 0&&window.setTimeout(()=>{this._tileErrors.get(H)===V&&this._setTileError(H,void 0)},J2),V===void 0&&!this._tileErrors.has(H))return;let L=new Map(this._tileErrors);V===void 0?L.delete(H):L.set(H,V),this._tileErrors=L}static{this.styles=[M1,h2]}};customElements.define("hotel-lock-frontdesk",Q1);
