{{%AUTOESCAPE context="HTML"}}
{{!-- incident.tpl: one incident: its facts, a timeline of its severity (SVG), the operators' updates as written, and its events. --}}
{{>HEAD}}
<p class="crumbs"><a href="{{INCIDENTS_HREF}}">{{T_incidents_back}}</a></p>
<section class="intro">
<h1 id="incident-name">{{NAME}}</h1>
<p class="subtitle"><span class="sev-tag sev-{{SEVERITY}}" id="incident-severity" data-severity="{{SEVERITY}}"><span class="icon" aria-hidden="true"></span>{{SEVERITY_LABEL}}</span>{{#ONGOING}} · <strong class="ongoing">{{ONGOING_LABEL}}</strong>{{/ONGOING}}{{#STATE_SHOWN}} · <span class="state" data-state="{{STATE}}">{{STATE_LABEL}}</span>{{/STATE_SHOWN}}</p>
<p class="meta"><span class="source source-{{SOURCE}}">{{T_header_dataSource}}: <strong>{{SOURCE_LABEL}}</strong></span>
<span class="updated"><time datetime="{{UPDATED_ISO}}">{{UPDATED}}</time></span>
{{#DEMO}}<strong class="tag demo">{{T_demo_label}}</strong>{{/DEMO}}</p>
{{#FALLBACK}}<p class="notice warning" role="status">{{FALLBACK_NOTICE}}</p>{{/FALLBACK}}
</section>

<section aria-labelledby="facts-h">
<h2 id="facts-h" class="visually-hidden">{{T_incidents_facts}}</h2>
<dl class="facts" id="incident-facts">
<div><dt>{{T_incidents_col_started}}</dt><dd><time id="incident-started" datetime="{{STARTED_ISO}}">{{STARTED}}</time></dd></div>
<div><dt>{{T_incidents_col_ended}}</dt><dd>{{#ENDED}}<time id="incident-ended" datetime="{{ENDED_AT_ISO}}">{{ENDED_AT}}</time>{{/ENDED}}{{#ONGOING}}<span id="incident-ongoing">{{ONGOING_LABEL}}</span>{{/ONGOING}}</dd></div>
<div><dt>{{T_incidents_col_duration}}</dt><dd id="incident-duration" data-duration="{{DURATION_SECS}}">{{DURATION}}</dd></div>
<div><dt>{{T_incidents_peak}}</dt><dd><span class="sev-tag sev-{{PEAK}}" id="incident-peak" data-severity="{{PEAK}}"><span class="icon" aria-hidden="true"></span>{{PEAK_LABEL}}</span></dd></div>
<div><dt>{{T_models_provider}}</dt><dd>{{PROVIDER}}{{#STATUS_PAGE}} · <a class="status-page" href="{{HREF:U=html}}" rel="external noopener">{{T_provider_statusPage}}</a>{{/STATUS_PAGE}} · <a class="feed-link" href="{{PROVIDER_FEED_HREF}}" type="application/atom+xml">{{T_feed_short}}</a></dd></div>
{{#MODEL}}<div><dt>{{T_models_model}}</dt><dd><a id="incident-model" href="{{MODEL_HREF}}">{{MODEL_NAME}}</a></dd></div>{{/MODEL}}
{{#MODELS}}<div><dt>{{T_incidents_models}}</dt><dd id="incident-models">{{#ITEM}}{{NAME}}{{#ITEM_separator}}, {{/ITEM_separator}}{{/ITEM}}</dd></div>{{/MODELS}}
<div><dt>{{T_models_regions}}</dt><dd id="incident-regions">{{REGIONS}}</dd></div>
<div><dt>{{T_incidents_errorKinds}}</dt><dd id="incident-error-kinds">{{#ERROR_KIND}}<span class="tag error-kind" data-error-kind="{{KIND}}">{{LABEL}}</span> {{/ERROR_KIND}}{{#NO_ERROR_KINDS}}{{T_stats_notAvailable}}{{/NO_ERROR_KINDS}}</dd></div>
<div><dt>{{T_incidents_col_source}}</dt><dd data-source="{{INCIDENT_SOURCE}}">{{INCIDENT_SOURCE_LABEL}}</dd></div>
</dl>
</section>

<section aria-labelledby="timeline-h" class="chart-section">
<h2 id="timeline-h">{{T_incidents_timelineHeading}}</h2>
<figure class="chart-figure">
{{!-- Built by chart.c, which escapes every text it draws. --}}
{{TIMELINE_SVG:none}}
<figcaption id="timeline-text">{{TIMELINE_TEXT}}</figcaption>
</figure>
</section>

<section aria-labelledby="updates-h">
<h2 id="updates-h">{{T_incidents_updates}}</h2>
<ol class="updates" id="incident-updates">{{#UPDATE}}<li data-state="{{STATE}}"><p><strong>{{STATE_LABEL}}</strong> · <time datetime="{{AT_ISO}}">{{AT}}</time></p><p class="update-body">{{BODY}}</p></li>
{{/UPDATE}}{{#NO_UPDATES}}<li id="no-updates">{{T_incidents_noUpdates}}</li>{{/NO_UPDATES}}</ol>
</section>

<section aria-labelledby="events-h">
<h2 id="events-h">{{T_incidents_events}}</h2>
<div class="table-wrap cards-on-phone" tabindex="0" role="region" aria-labelledby="events-h">
<table class="models" id="incident-events">
<thead><tr><th scope="col">{{T_charts_time}}</th><th scope="col">{{T_incidents_eventColumn}}</th><th scope="col">{{T_incidents_col_severity}}</th></tr></thead>
<tbody>{{#EVENT}}<tr data-kind="{{KIND}}" data-severity="{{SEVERITY}}"><td><time datetime="{{AT_ISO}}">{{AT}}</time></td><td data-label="{{T_incidents_eventColumn}}">{{KIND_LABEL}}</td><td data-label="{{T_incidents_col_severity}}"><span class="sev-tag sev-{{SEVERITY}}"><span class="icon" aria-hidden="true"></span>{{SEVERITY_LABEL}}</span></td></tr>
{{/EVENT}}{{#NO_EVENTS}}<tr><td colspan="3">{{T_incidents_noEvents}}</td></tr>{{/NO_EVENTS}}</tbody>
</table>
</div>
</section>
{{>FOOT}}
