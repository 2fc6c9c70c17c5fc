{{%AUTOESCAPE context="HTML"}}
{{!-- model.tpl: one model: status and probe kind per region, availability, latency, time-to-first-token and availability charts, recent checks and the kinds of their failures. --}}
{{>HEAD}}
<p class="crumbs"><a href="{{HOME}}">{{T_modelPage_back}}</a></p>
<section class="intro">
<h1>{{NAME}}</h1>
<p class="subtitle">{{PROVIDER}}{{#INACTIVE}} · <span class="tag">{{INACTIVE_LABEL}}</span>{{/INACTIVE}}</p>
<p class="meta"><span class="status s-{{STATUS}}"><span class="icon" aria-hidden="true"></span>{{STATUS_LABEL}}</span>
<span class="source source-{{SOURCE}}">{{T_header_dataSource}}: <strong>{{SOURCE_LABEL}}</strong></span>
<span class="updated"><time datetime="{{UPDATED_ISO}}">{{UPDATED}}</time></span>
{{#DEMO}}<strong class="tag demo">{{T_demo_label}}</strong>{{/DEMO}}</p>
{{#FALLBACK}}<p class="notice warning" role="status">{{FALLBACK_NOTICE}}</p>{{/FALLBACK}}
{{#NO_HISTORY}}<p class="notice">{{T_modelPage_noHistory}}</p>{{/NO_HISTORY}}
{{#REACHABILITY_ONLY}}<p class="notice reachability-only" role="note">{{T_modelPage_reachabilityOnly}}</p>{{/REACHABILITY_ONLY}}
<div class="provider-status-model">{{>PROVIDER_SAYS}}</div>
</section>
{{>BANNER}}

<section aria-labelledby="regions-h">
<h2 id="regions-h">{{T_modelPage_regions}}</h2>
<div class="table-wrap cards-on-phone" tabindex="0" role="region" aria-labelledby="regions-h">
<table class="models" id="region-table">
<thead><tr><th scope="col">{{T_models_region}}</th><th scope="col">{{T_models_status}}</th><th scope="col">{{T_modelPage_probe}}</th><th scope="col">{{T_models_lastChecked}}</th><th scope="col" class="num">{{T_models_latency}}</th><th scope="col" class="num">{{T_modelPage_availability24h}}</th><th scope="col" class="num">{{T_modelPage_availability7d}}</th><th scope="col" class="num">{{T_modelPage_availability30d}}</th></tr></thead>
<tbody>{{#REGION}}<tr data-region="{{REGION}}" data-status="{{STATUS}}"><th scope="row">{{REGION}}</th>
<td data-label="{{T_models_status}}"><span class="status s-{{STATUS}}"><span class="icon" aria-hidden="true"></span>{{STATUS_LABEL}}</span></td>
<td data-label="{{T_modelPage_probe}}" data-probe-kind="{{PROBE_KIND}}">{{PROBE_LABEL}}</td>
<td data-label="{{T_models_lastChecked}}">{{#CHECKED}}<time datetime="{{CHECKED_ISO}}" title="{{CHECKED_ABS}}">{{CHECKED_REL}}</time>{{/CHECKED}}{{#NEVER}}{{NEVER_LABEL}}{{/NEVER}}</td>
<td class="num" data-label="{{T_models_latency}}">{{LATENCY}}</td><td class="num" data-label="{{T_modelPage_availability24h}}" data-window="24h">{{A24H}}</td><td class="num" data-label="{{T_modelPage_availability7d}}" data-window="7d">{{A7D}}</td><td class="num" data-label="{{T_modelPage_availability30d}}" data-window="30d">{{A30D}}</td></tr>
{{/REGION}}</tbody>
</table>
</div>
</section>

<section aria-labelledby="series-h" class="chart-section">
<h2 id="series-h">{{T_modelPage_overTime}}</h2>
<nav class="ranges" aria-label="{{T_range_label}}">
<ul>{{#RANGE}}<li><a href="{{HREF}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{LABEL}}</a></li>{{/RANGE}}</ul>
</nav>
{{#SERIES}}<h3>{{REGION}}</h3>
<figure class="chart-figure">
{{!-- Built by chart.c, which escapes every text it draws. --}}
{{LATENCY_SVG:none}}
{{#TTFT}}{{TTFT_SVG:none}}
{{/TTFT}}{{AVAILABILITY_SVG:none}}
<figcaption>
<details>
<summary>{{T_charts_showTable}}</summary>
<table class="chart-table series-table" data-region="{{REGION}}">
<thead><tr><th scope="col">{{T_charts_time}}</th><th scope="col" class="num">{{T_modelPage_p50}}</th><th scope="col" class="num">{{T_modelPage_p95}}</th>{{#TTFT_HEAD}}<th scope="col" class="num">{{T_modelPage_ttftP50}}</th><th scope="col" class="num">{{T_modelPage_ttftP95}}</th>{{/TTFT_HEAD}}<th scope="col" class="num">{{T_charts_availability}}</th></tr></thead>
<tbody>{{#ROW}}<tr data-time="{{ISO}}"><th scope="row">{{LABEL}}</th><td class="num" data-p50="{{P50_RAW}}">{{P50}}</td><td class="num" data-p95="{{P95_RAW}}">{{P95}}</td>{{#TTFT_CELLS}}<td class="num" data-ttft-p50="{{TTFT_P50_RAW}}">{{TTFT_P50}}</td><td class="num" data-ttft-p95="{{TTFT_P95_RAW}}">{{TTFT_P95}}</td>{{/TTFT_CELLS}}<td class="num" data-availability="{{AVAILABILITY_RAW}}">{{AVAILABILITY}}</td></tr>
{{/ROW}}</tbody>
</table>
</details>
</figcaption>
</figure>
{{/SERIES}}
{{#NO_SERIES}}<figure class="chart-figure">
{{!-- Built by chart.c: the frame and why it is empty. --}}
{{SVG:none}}
</figure>
{{/NO_SERIES}}
</section>

{{>MODEL_INCIDENTS}}

<section aria-labelledby="recent-h">
<h2 id="recent-h">{{T_modelPage_recent}}</h2>
{{#FAILURE_KINDS}}<p id="failure-kinds-h">{{T_modelPage_failureKinds}}</p>
<ul class="failure-kinds" aria-labelledby="failure-kinds-h">{{#KIND}}<li data-error-kind="{{KIND}}">{{LABEL}}: <strong>{{COUNT}}</strong></li>{{/KIND}}</ul>
{{/FAILURE_KINDS}}<div class="table-wrap cards-on-phone" tabindex="0" role="region" aria-labelledby="recent-h">
<table class="models" id="recent-table">
<thead><tr><th scope="col">{{T_charts_time}}</th><th scope="col">{{T_models_region}}</th><th scope="col">{{T_models_status}}</th><th scope="col" class="num">{{T_models_latency}}</th><th scope="col" class="num">{{T_modelPage_http}}</th><th scope="col">{{T_modelPage_error}}</th></tr></thead>
<tbody>{{#CHECK}}<tr data-status="{{STATUS}}"><td><time datetime="{{ISO}}">{{TIME}}</time></td><td data-label="{{T_models_region}}">{{REGION}}</td><td data-label="{{T_models_status}}"><span class="status s-{{STATUS}}"><span class="icon" aria-hidden="true"></span>{{STATUS_LABEL}}</span></td><td class="num" data-label="{{T_models_latency}}">{{LATENCY}}</td><td class="num" data-label="{{T_modelPage_http}}">{{HTTP}}</td><td class="error-text" data-label="{{T_modelPage_error}}">{{#ERROR_KIND}}<span class="tag error-kind" data-error-kind="{{KIND}}">{{LABEL}}</span> {{/ERROR_KIND}}{{ERROR}}</td></tr>
{{/CHECK}}{{#NO_CHECKS}}<tr><td colspan="6">{{T_modelPage_noChecks}}</td></tr>{{/NO_CHECKS}}</tbody>
</table>
</div>
</section>
{{>FOOT}}
