{{%AUTOESCAPE context="HTML"}}
{{!-- monitoring.tpl: the monitoring page: headline numbers, status chart, models table. --}}
{{>HEAD}}
<section class="intro">
<h1>{{T_monitoring_title}}</h1>
<p class="subtitle">{{T_monitoring_subtitle}}</p>
<p class="meta"><span class="source source-{{SOURCE}}">{{T_header_dataSource}}: <strong>{{SOURCE_LABEL}}</strong></span>
<span class="updated"><time datetime="{{UPDATED_ISO}}">{{UPDATED}}</time></span>
<span class="range">{{T_range_label}}: <strong>{{RANGE_LABEL}}</strong></span>
{{#DEMO}}<strong class="tag demo">{{T_demo_label}}</strong>{{/DEMO}}</p>
{{#DEMO}}<p class="notice demo-notice">{{T_demo_notice}}</p>{{/DEMO}}
{{#FALLBACK}}<p class="notice warning" role="status">{{FALLBACK_NOTICE}}</p>{{/FALLBACK}}
{{#UNAVAILABLE}}<p class="notice error" role="alert">{{T_monitoring_unavailable}}</p>{{/UNAVAILABLE}}
</section>
{{>BANNER}}

<section aria-labelledby="stats-h">
<h2 id="stats-h" class="visually-hidden">{{T_stats_heading}}</h2>
<dl class="cards">
<div class="card" data-stat="total"><dt>{{T_stats_total}}</dt><dd>{{TOTAL}}</dd></div>
<div class="card" data-stat="active"><dt>{{T_stats_active}}</dt><dd>{{ACTIVE_OF_TOTAL}}</dd></div>
<div class="card s-operational" data-stat="operational"><dt><span class="icon" aria-hidden="true"></span>{{T_status_operational}}</dt><dd>{{OPERATIONAL}}</dd></div>
<div class="card s-degraded" data-stat="degraded"><dt><span class="icon" aria-hidden="true"></span>{{T_status_degraded}}</dt><dd>{{DEGRADED}}</dd></div>
<div class="card s-outage" data-stat="outage"><dt><span class="icon" aria-hidden="true"></span>{{T_status_outage}}</dt><dd>{{OUTAGE}}</dd></div>
<div class="card s-unknown" data-stat="unknown"><dt><span class="icon" aria-hidden="true"></span>{{T_status_unknown}}</dt><dd>{{UNKNOWN}}</dd></div>
<div class="card" data-stat="availability"><dt>{{T_stats_availability}}</dt><dd>{{AVAILABILITY}}</dd></div>
<div class="card" data-stat="providers"><dt>{{T_stats_providers}}</dt><dd>{{PROVIDERS}}</dd></div>
</dl>
</section>

<section aria-labelledby="dist-h" class="chart-section">
<h2 id="dist-h">{{T_charts_statusDistribution_heading}}</h2>
<figure class="chart-figure">
{{!-- The SVG is built by chart.c, which escapes every text it draws. --}}
{{STATUS_CHART_SVG:none}}
<figcaption>
<details>
<summary>{{T_charts_showTable}}</summary>
<table class="chart-table">
<thead><tr><th scope="col"{{#SORTED_STATUS}} aria-sort="{{ARIA_SORT}}"{{/SORTED_STATUS}}><a href="{{SORT_STATUS_HREF}}">{{T_models_status}}</a></th><th scope="col" class="num">{{T_charts_models}}</th></tr></thead>
<tbody>{{#DIST_ROW}}<tr><th scope="row">{{LABEL}}</th><td class="num" data-status="{{STATUS}}">{{COUNT}}</td></tr>{{/DIST_ROW}}</tbody>
</table>
</details>
</figcaption>
</figure>
</section>

<section aria-labelledby="time-h" class="chart-section">
<h2 id="time-h">{{T_charts_statusOverTime_heading}}</h2>
<nav class="ranges" aria-label="{{T_range_label}}">
<ul>{{#RANGE}}<li><a href="{{HREF}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{LABEL}}</a></li>{{/RANGE}}</ul>
</nav>
<figure class="chart-figure">
{{!-- Built by chart.c, which escapes every text it draws. --}}
{{TIME_CHART_SVG:none}}
<figcaption>
<details>
<summary>{{T_charts_showTable}}</summary>
<table class="chart-table" id="time-table">
<thead><tr><th scope="col">{{T_charts_time}}</th><th scope="col" class="num">{{T_status_operational}}</th><th scope="col" class="num">{{T_status_degraded}}</th><th scope="col" class="num">{{T_status_outage}}</th><th scope="col" class="num">{{T_status_unknown}}</th><th scope="col" class="num">{{T_charts_availability}}</th></tr></thead>
<tbody>{{#TIME_ROW}}<tr data-time="{{ISO}}"><th scope="row">{{LABEL}}</th><td class="num" data-status="operational" data-value="{{OPERATIONAL_RAW}}">{{OPERATIONAL}}</td><td class="num" data-status="degraded" data-value="{{DEGRADED_RAW}}">{{DEGRADED}}</td><td class="num" data-status="outage" data-value="{{OUTAGE_RAW}}">{{OUTAGE}}</td><td class="num" data-status="unknown" data-value="{{UNKNOWN_RAW}}">{{UNKNOWN}}</td><td class="num" data-availability="{{AVAILABILITY_RAW}}">{{AVAILABILITY}}</td></tr>
{{/TIME_ROW}}</tbody>
</table>
</details>
</figcaption>
</figure>
</section>

<section aria-labelledby="providers-h" class="chart-section">
<h2 id="providers-h">{{T_charts_providers_heading}}</h2>
<figure class="chart-figure">
{{!-- Built by chart.c, which escapes every text it draws. --}}
{{PROVIDER_CHART_SVG:none}}
<figcaption>
<details>
<summary>{{T_charts_showTable}}</summary>
<table class="chart-table" id="provider-table">
<thead><tr><th scope="col">{{T_charts_provider}}</th><th scope="col" class="num">{{T_charts_total}}</th><th scope="col" class="num">{{T_charts_active}}</th><th scope="col" class="num">{{T_status_operational}}</th><th scope="col" class="num">{{T_status_degraded}}</th><th scope="col" class="num">{{T_status_outage}}</th><th scope="col" class="num">{{T_status_unknown}}</th></tr></thead>
<tbody>{{#PROVIDER_ROW}}<tr data-provider="{{SLUG}}"><th scope="row">{{NAME}}</th><td class="num">{{TOTAL}}</td><td class="num">{{ACTIVE}}</td><td class="num" data-status="operational">{{OPERATIONAL}}</td><td class="num" data-status="degraded">{{DEGRADED}}</td><td class="num" data-status="outage">{{OUTAGE}}</td><td class="num" data-status="unknown">{{UNKNOWN}}</td></tr>
{{/PROVIDER_ROW}}</tbody>
</table>
</details>
</figcaption>
</figure>
</section>

{{>PROVIDER_STATUS}}
<section id="models" aria-labelledby="models-h">
<h2 id="models-h">{{T_models_title}}</h2>
<form class="filters" method="get" action="{{BASE}}/{{LANG}}/monitoring#models">
<input type="hidden" name="range" value="{{RANGE_NAME}}">
{{#REFRESH_KEPT}}<input type="hidden" name="refresh" value="{{SECONDS}}">
{{/REFRESH_KEPT}}<label>{{T_models_filters_provider}} <select name="provider"><option value="">{{T_models_filters_all}}</option>{{#PROVIDER_OPTION}}<option value="{{SLUG}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/PROVIDER_OPTION}}</select></label>
<label>{{T_models_filters_status}} <select name="status"><option value="">{{T_models_filters_all}}</option>{{#STATUS_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/STATUS_OPTION}}</select></label>
<label>{{T_models_filters_sort}} <select name="sort">{{#SORT_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/SORT_OPTION}}</select></label>
<label>{{T_models_filters_order}} <select name="order"><option value="asc">{{T_models_filters_ascending}}</option><option value="desc"{{#DESCENDING}} selected{{/DESCENDING}}>{{T_models_filters_descending}}</option></select></label>
<button type="submit">{{T_models_filters_apply}}</button>
</form>
<p class="shown" id="models-shown">{{SHOWN}}</p>
<div class="table-wrap cards-on-phone" tabindex="0" role="region" aria-labelledby="models-h">
<table class="models">
<thead><tr>
<th scope="col"{{#SORTED_PROVIDER}} aria-sort="{{ARIA_SORT}}"{{/SORTED_PROVIDER}}><a href="{{SORT_PROVIDER_HREF}}">{{T_models_provider}}</a></th>
<th scope="col"{{#SORTED_MODEL}} aria-sort="{{ARIA_SORT}}"{{/SORTED_MODEL}}><a href="{{SORT_MODEL_HREF}}">{{T_models_model}}</a></th>
<th scope="col">{{T_models_status}}</th>
<th scope="col">{{T_models_regions}}</th>
<th scope="col" class="num"{{#SORTED_LATENCY}} aria-sort="{{ARIA_SORT}}"{{/SORTED_LATENCY}}><a href="{{SORT_LATENCY_HREF}}">{{T_models_latency}}</a></th>
<th scope="col" class="num"{{#SORTED_AVAILABILITY}} aria-sort="{{ARIA_SORT}}"{{/SORTED_AVAILABILITY}}><a href="{{SORT_AVAILABILITY_HREF}}">{{T_models_availability}}</a></th>
<th scope="col"{{#SORTED_CHECKED}} aria-sort="{{ARIA_SORT}}"{{/SORTED_CHECKED}}><a href="{{SORT_CHECKED_HREF}}">{{T_models_lastChecked}}</a></th>
</tr></thead>
<tbody>
{{#MODEL}}<tr data-model="{{SLUG}}" data-status="{{STATUS}}">
<td>{{PROVIDER}}</td>
<th scope="row"><a href="{{BASE}}/{{LANG}}/models/{{SLUG}}">{{NAME}}</a></th>
<td data-label="{{T_models_status}}"><span class="status s-{{STATUS}}"><span class="icon" aria-hidden="true"></span>{{STATUS_LABEL}}</span>{{#REACHABILITY_ONLY}} <small class="probe-kind" title="{{T_modelPage_reachabilityOnly}}">{{T_models_reachabilityOnly}}</small>{{/REACHABILITY_ONLY}}{{>PROVIDER_SAYS}}</td>
<td data-label="{{T_models_regions}}">{{REGIONS}}</td>
<td class="num" data-label="{{T_models_latency}}">{{LATENCY}}</td>
<td class="num" data-label="{{T_models_availability}}">{{AVAILABILITY}}</td>
<td data-label="{{T_models_lastChecked}}">{{#CHECKED}}<time datetime="{{CHECKED_ISO}}" title="{{CHECKED_ABS}}">{{CHECKED_REL}}</time>{{/CHECKED}}{{#NEVER}}{{NEVER_LABEL}}{{/NEVER}}</td>
</tr>
{{/MODEL}}
</tbody>
</table>
</div>
{{#PAGES}}<nav class="pages" aria-label="{{T_models_pages_label}}">
<p id="models-page-range">{{RANGE_TEXT}}</p>
<ul>
{{#PREV}}<li><a rel="prev" href="{{HREF}}">{{T_models_pages_previous}}</a></li>{{/PREV}}
{{#PAGE}}<li>{{#LINK}}<a href="{{HREF}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{NUMBER}}</a>{{/LINK}}{{#GAP}}<span aria-hidden="true">…</span>{{/GAP}}</li>{{/PAGE}}
{{#NEXT}}<li><a rel="next" href="{{HREF}}">{{T_models_pages_next}}</a></li>{{/NEXT}}
</ul>
</nav>
{{/PAGES}}</section>
{{>FOOT}}
